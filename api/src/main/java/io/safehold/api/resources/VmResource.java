package io.safehold.api.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.safehold.api.auth.RequiresRole;
import io.safehold.api.auth.Role;
import io.safehold.api.errors.ApiException;
import io.safehold.api.runs.VsphereRunLauncher;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.RunRow;
import io.safehold.catalog.VmBackupDao;
import io.safehold.catalog.VmDao;
import io.safehold.catalog.VmDiskRow;
import io.safehold.catalog.VmRow;
import io.safehold.workflows.vsphere.BackupMode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

/**
 * VMs that discovery found on the vCenters, and starting their backups. Paths take a VM's id (VM
 * names are unique only per folder). Reading needs viewer; starting a backup needs operator.
 */
@Path("/api/v1/vms")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.VIEWER)
public final class VmResource {

  /** Error code of a path naming no VM. */
  public static final String NOT_FOUND = "vm_not_found";

  /** Error code of a backup asked for a VM that vCenter no longer reports. */
  public static final String REMOVED = "vm_removed";

  /** How many of its newest backups {@code GET /vms/{id}} shows. */
  static final int RECENT_BACKUPS = 10;

  private static final int MAX_NAME_FILTER = 200;

  /**
   * A VM as the API shows it. {@code disks} and {@code backups} (the newest ten, whatever their
   * status) are present on {@code GET /vms/{id}} and left out of lists.
   */
  public record VmView(
      UUID id,
      UUID vcenterId,
      String vcenterName,
      String name,
      String assetName,
      String moref,
      String instanceUuid,
      String datacenter,
      String powerState,
      boolean cbtEnabled,
      String vmxPath,
      Instant removedAt,
      Instant discoveredAt,
      Instant createdAt,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<DiskView> disks,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<BackupView> backups) {}

  public record DiskView(
      int key, String label, long capacityBytes, String datastore, String fileName) {}

  /**
   * A backup run of the VM. {@code mode} is what was done (null until the workflow has decided);
   * {@code requestedMode} differs when an incremental fell back to full, with {@code
   * fallbackReason}.
   */
  public record BackupView(
      UUID runId,
      String status,
      String mode,
      String requestedMode,
      String fallbackReason,
      long bytesRead,
      long bytesStored,
      String error,
      Instant createdAt,
      Instant finishedAt,
      Instant prunedAt) {}

  /** A page of VMs by {@code assetName}; pass {@code nextCursor} as {@code cursor} for the next. */
  public record VmPage(List<VmView> items, String nextCursor) {}

  /**
   * Body of {@code POST /api/v1/vms/{id}/backups}; the body itself is optional.
   *
   * @param mode {@code full} or {@code incremental} (the default; it runs as full when there is no
   *     usable base)
   * @param replicateTo names of configured secondary targets ({@code replication.targets}), each at
   *     most once
   */
  public record BackupRequest(
      String mode,
      Boolean quiesce,
      @Size(max = 10) List<@NotBlank @Size(max = 100) String> replicateTo) {}

  private final VmDao vms;
  private final VmBackupDao backups;
  private final RunDao runs;
  private final VsphereRunLauncher launcher;
  private final SortedSet<String> replicationTargets;

  /**
   * @param replicationTargets names of the configured replication targets, which {@code
   *     replicateTo} may name
   */
  public VmResource(
      VmDao vms,
      VmBackupDao backups,
      RunDao runs,
      VsphereRunLauncher launcher,
      Set<String> replicationTargets) {
    this.vms = vms;
    this.backups = backups;
    this.runs = runs;
    this.launcher = launcher;
    this.replicationTargets = Collections.unmodifiableSortedSet(new TreeSet<>(replicationTargets));
  }

  /**
   * Lists VMs by asset name ({@code vCenter/VM}). Filters: {@code vcenterId}, {@code name} (a
   * case-insensitive substring of the VM name), {@code includeRemoved} (default false).
   */
  @GET
  public VmPage list(
      @QueryParam("vcenterId") String vcenterId,
      @QueryParam("name") String name,
      @QueryParam("includeRemoved") String includeRemoved,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    UUID vcenter =
        blank(vcenterId)
            ? null
            : Ids.tryParse(vcenterId.trim())
                .orElseThrow(
                    () ->
                        ApiException.invalidField(
                            "query parameter 'vcenterId' must be a UUID, got '" + vcenterId + "'"));
    if (!blank(name) && name.length() > MAX_NAME_FILTER) {
      throw ApiException.invalidField(
          "query parameter 'name' must be at most " + MAX_NAME_FILTER + " characters");
    }
    boolean removed = flag("includeRemoved", includeRemoved);
    int pageSize = QueryParams.limit(limit, 100, 1000);
    String after = blank(cursor) ? null : decodeCursor(cursor);
    List<VmRow> rows = vms.list(vcenter, blank(name) ? null : name, removed, after, pageSize + 1);
    String next = null;
    if (rows.size() > pageSize) {
      rows = rows.subList(0, pageSize);
      next = encodeCursor(rows.get(pageSize - 1).assetName());
    }
    return new VmPage(rows.stream().map(r -> view(r, null, null)).toList(), next);
  }

  @GET
  @Path("{id}")
  public VmView get(@PathParam("id") String id) {
    VmRow vm = require(id);
    List<DiskView> disks = vms.disks(vm.id()).stream().map(VmResource::disk).toList();
    List<BackupView> recent =
        backups.listForVm(vm.id(), RECENT_BACKUPS).stream()
            .map(
                b ->
                    new BackupView(
                        b.runId(),
                        b.status(),
                        b.mode(),
                        b.requestedMode(),
                        b.fallbackReason(),
                        b.bytesRead(),
                        b.bytesStored(),
                        b.error(),
                        b.createdAt(),
                        b.finishedAt(),
                        b.prunedAt()))
            .toList();
    return view(vm, disks, recent);
  }

  /**
   * Starts a backup of the VM. Refused for a VM vCenter no longer reports (409 {@code vm_removed})
   * and while another backup of it is pending or running (409 {@code conflict}); a {@code
   * replicateTo} naming a target the configuration lacks is 400 {@code invalid_field}.
   */
  @POST
  @Path("{id}/backups")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  public Response backup(@PathParam("id") String id, @Valid BackupRequest request) {
    VmRow vm = require(id);
    BackupRequest body = request == null ? new BackupRequest(null, null, null) : request;
    BackupMode mode = mode(body.mode());
    List<String> replicateTo = replicateTo(body.replicateTo());
    if (vm.removedAt() != null) {
      throw new ApiException(
          409,
          REMOVED,
          "VM '"
              + vm.assetName()
              + "' is gone from its vCenter (missed by the discovery of "
              + vm.removedAt()
              + "); its backups stay in the catalog; run a discovery if the VM is back");
    }
    for (String status : List.of("PENDING", "RUNNING")) {
      List<RunRow> busy = runs.list(vm.id(), status, VsphereRunLauncher.BACKUP_KIND, null, null, 1);
      if (!busy.isEmpty()) {
        throw ApiException.conflict(
            "a backup of VM '"
                + vm.assetName()
                + "' is already "
                + status
                + " (run "
                + busy.get(0).id()
                + "); follow it at /api/v1/runs/"
                + busy.get(0).id()
                + " or cancel it first");
      }
    }
    VsphereRunLauncher.StartedRun started =
        launcher.backup(vm, mode, Boolean.TRUE.equals(body.quiesce()), replicateTo);
    return Response.accepted(new StartedRunView(started.runId(), started.workflowId()))
        .location(URI.create("/api/v1/runs/" + started.runId()))
        .build();
  }

  private VmRow require(String id) {
    return Ids.tryParse(id)
        .flatMap(vms::find)
        .orElseThrow(() -> new ApiException(404, NOT_FOUND, "no VM with id '" + id + "'"));
  }

  private static BackupMode mode(String mode) {
    if (mode == null) {
      return BackupMode.INCREMENTAL;
    }
    return switch (mode.trim().toLowerCase(Locale.ROOT)) {
      case "full" -> BackupMode.FULL;
      case "incremental" -> BackupMode.INCREMENTAL;
      default ->
          throw ApiException.invalidField(
              "field 'mode' must be full or incremental, got '" + mode + "'");
    };
  }

  /** The names as given, each a configured target named once. */
  private List<String> replicateTo(List<String> names) {
    if (names == null) {
      return List.of();
    }
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (!replicationTargets.contains(name)) {
        throw ApiException.invalidField(
            "field 'replicateTo' names '"
                + name
                + "', which is not a configured replication target; "
                + (replicationTargets.isEmpty()
                    ? "none are configured (replication.targets in the configuration)"
                    : "configured: " + String.join(", ", replicationTargets)));
      }
      if (!seen.add(name)) {
        throw ApiException.invalidField("field 'replicateTo' names '" + name + "' twice");
      }
    }
    return names;
  }

  private static boolean flag(String parameter, String value) {
    if (blank(value)) {
      return false;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw ApiException.invalidField(
              "query parameter '" + parameter + "' must be true or false, got '" + value + "'");
    };
  }

  private static VmView view(VmRow r, List<DiskView> disks, List<BackupView> backups) {
    return new VmView(
        r.id(),
        r.vcenterId(),
        r.vcenterName(),
        r.name(),
        r.assetName(),
        r.moref(),
        r.instanceUuid(),
        r.datacenter(),
        r.powerState(),
        r.cbtEnabled(),
        r.vmxPath(),
        r.removedAt(),
        r.discoveredAt(),
        r.createdAt(),
        disks,
        backups);
  }

  private static DiskView disk(VmDiskRow d) {
    return new DiskView(d.diskKey(), d.label(), d.capacityBytes(), d.datastore(), d.fileName());
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  /** The cursor is the last VM's asset name, opaque to clients. */
  private static String encodeCursor(String assetName) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(assetName.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeCursor(String cursor) {
    try {
      String name =
          new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw ApiException.invalidField(
        "query parameter 'cursor' is not a cursor this API returned; start again without it");
  }
}
