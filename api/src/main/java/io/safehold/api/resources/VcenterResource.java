package io.safehold.api.resources;

import io.safehold.api.auth.RequiresRole;
import io.safehold.api.auth.Role;
import io.safehold.api.errors.ApiException;
import io.safehold.api.runs.VsphereRunLauncher;
import io.safehold.catalog.CredentialDao;
import io.safehold.catalog.VcenterDao;
import io.safehold.catalog.VcenterRow;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * vCenters, and starting their VM discovery. Paths take a vCenter's id or its name. Managing
 * vCenters needs admin; starting a discovery needs operator. No response carries a secret: the
 * login is a credential referenced by id.
 */
@Path("/api/v1/vcenters")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.VIEWER)
public final class VcenterResource {

  /** Error code of a path naming no vCenter. */
  public static final String NOT_FOUND = "vcenter_not_found";

  /**
   * A vCenter as the API shows it.
   *
   * @param thumbprint the certificate thumbprint trusted; null until pinned
   * @param lastDiscoveryError why the last discovery failed; null when it succeeded or none ran
   */
  public record VcenterView(
      UUID id,
      String name,
      String url,
      UUID credentialId,
      String thumbprint,
      boolean pinOnFirstUse,
      Instant createdAt,
      Instant lastDiscoveryAt,
      String lastDiscoveryError) {
    static VcenterView of(VcenterRow row) {
      return new VcenterView(
          row.id(),
          row.name(),
          row.url(),
          row.credentialId(),
          row.thumbprint(),
          row.pinOnFirstUse(),
          row.createdAt(),
          row.lastDiscoveryAt(),
          row.lastDiscoveryError());
    }
  }

  private final VcenterDao vcenters;
  private final VcenterRules rules;
  private final VsphereRunLauncher launcher;

  public VcenterResource(
      VcenterDao vcenters, CredentialDao credentials, VsphereRunLauncher launcher) {
    this.vcenters = vcenters;
    this.rules = new VcenterRules(vcenters, credentials);
    this.launcher = launcher;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.ADMIN)
  public Response create(@NotNull @Valid VcenterRequest request) {
    VcenterRow row = rules.toRow(request);
    vcenters.insert(row);
    VcenterRow stored = vcenters.find(row.id()).orElseThrow();
    return Response.created(URI.create("/api/v1/vcenters/" + stored.id()))
        .entity(VcenterView.of(stored))
        .build();
  }

  @GET
  public Items<VcenterView> list() {
    return new Items<>(vcenters.list().stream().map(VcenterView::of).toList());
  }

  @GET
  @Path("{vcenter}")
  public VcenterView get(@PathParam("vcenter") String vcenter) {
    return VcenterView.of(require(vcenter));
  }

  /**
   * Deletes the vCenter with its VMs. Refused while a backup of one of its VMs is pending or
   * running, and while the catalog holds backups of its VMs (they would lose their VM).
   */
  @DELETE
  @Path("{vcenter}")
  @RequiresRole(Role.ADMIN)
  public Response delete(@PathParam("vcenter") String vcenter) {
    VcenterRow row = require(vcenter);
    int active = vcenters.countActiveBackups(row.id());
    if (active > 0) {
      throw ApiException.conflict(
          "vCenter '"
              + row.name()
              + "' has "
              + active
              + " VM backup(s) pending or running; wait for them to end or cancel them, then"
              + " delete it");
    }
    int recorded = vcenters.countBackups(row.id());
    if (recorded > 0) {
      throw ApiException.conflict(
          "the catalog holds "
              + recorded
              + " backup(s) of VMs of vCenter '"
              + row.name()
              + "'; it stays while they do, so they keep their VM");
    }
    vcenters.delete(row.id());
    return Response.noContent().build();
  }

  /** Starts a discovery that refreshes the vCenter's VMs in the catalog. */
  @POST
  @Path("{vcenter}/discover")
  @RequiresRole(Role.OPERATOR)
  public Response discover(@PathParam("vcenter") String vcenter) {
    VsphereRunLauncher.StartedRun started = launcher.discover(require(vcenter));
    return Response.accepted(new StartedRunView(started.runId(), started.workflowId()))
        .location(URI.create("/api/v1/runs/" + started.runId()))
        .build();
  }

  /** By id, or by name (names are unique and cannot look like ids). */
  private VcenterRow require(String vcenter) {
    return Ids.tryParse(vcenter)
        .flatMap(vcenters::find)
        .or(() -> vcenters.findByName(vcenter))
        .orElseThrow(
            () -> new ApiException(404, NOT_FOUND, "no vCenter with id or name '" + vcenter + "'"));
  }
}
