package io.safehold.api.resources;

import io.safehold.api.auth.RequiresRole;
import io.safehold.api.auth.Role;
import io.safehold.api.errors.ApiException;
import io.safehold.api.runs.DeviceBackupLauncher;
import io.safehold.catalog.CredentialDao;
import io.safehold.catalog.DeviceDao;
import io.safehold.catalog.DeviceRow;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Network devices, and starting their config backups. Paths take a device's id or its name.
 * Managing devices needs admin; starting a backup needs operator.
 */
@Path("/api/v1/devices")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.VIEWER)
public final class DeviceResource {

  /** A device as the API shows it. */
  public record DeviceView(
      UUID id,
      String name,
      String host,
      int port,
      String deviceType,
      UUID credentialId,
      List<String> tags,
      UUID jumpHostId,
      String hostKey,
      boolean pinOnFirstUse,
      Instant createdAt) {
    static DeviceView of(DeviceRow row) {
      return new DeviceView(
          row.id(),
          row.name(),
          row.host(),
          row.port(),
          row.deviceType(),
          row.credentialId(),
          row.tags(),
          row.jumpHostId(),
          row.hostKey(),
          row.pinOnFirstUse(),
          row.createdAt());
    }
  }

  private final DeviceDao devices;
  private final DeviceLookup lookup;
  private final DeviceRules rules;
  private final DeviceBackupLauncher backups;

  public DeviceResource(
      DeviceDao devices,
      CredentialDao credentials,
      Set<String> deviceTypes,
      DeviceBackupLauncher backups) {
    this.devices = devices;
    this.lookup = new DeviceLookup(devices);
    this.rules = new DeviceRules(devices, credentials, deviceTypes);
    this.backups = backups;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.ADMIN)
  public Response create(@NotNull @Valid DeviceRequest request) {
    DeviceRow row = rules.toRow(request, null);
    devices.insert(row);
    DeviceRow stored = devices.find(row.id()).orElseThrow();
    return Response.created(URI.create("/api/v1/devices/" + stored.id()))
        .entity(DeviceView.of(stored))
        .build();
  }

  @GET
  public Items<DeviceView> list() {
    return new Items<>(devices.list().stream().map(DeviceView::of).toList());
  }

  @GET
  @Path("{device}")
  public DeviceView get(@PathParam("device") String device) {
    return DeviceView.of(lookup.require(device));
  }

  @PUT
  @Path("{device}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.ADMIN)
  public DeviceView replace(
      @PathParam("device") String device, @NotNull @Valid DeviceRequest request) {
    DeviceRow existing = lookup.require(device);
    DeviceRow row = rules.toRow(request, existing);
    if (!devices.update(row)) {
      throw ApiException.notFound("device '" + device + "' was deleted meanwhile");
    }
    return DeviceView.of(devices.find(row.id()).orElseThrow());
  }

  @DELETE
  @Path("{device}")
  @RequiresRole(Role.ADMIN)
  public Response delete(@PathParam("device") String device) {
    DeviceRow row = lookup.require(device);
    List<DeviceRow> behind =
        devices.list().stream().filter(d -> row.id().equals(d.jumpHostId())).toList();
    if (!behind.isEmpty()) {
      throw ApiException.conflict(
          "device '"
              + row.name()
              + "' is the jump host of "
              + behind.stream().map(d -> "'" + d.name() + "'").collect(Collectors.joining(", "))
              + "; change those devices first");
    }
    devices.delete(row.id());
    return Response.noContent().build();
  }

  /**
   * Forgets a pinned host key, so the next connection pins the key it sees: for a device that was
   * legitimately replaced. Only for devices that use pin-on-first-use.
   */
  @DELETE
  @Path("{device}/host-key")
  @RequiresRole(Role.ADMIN)
  public DeviceView forgetHostKey(@PathParam("device") String device) {
    DeviceRow row = lookup.require(device);
    if (!row.pinOnFirstUse()) {
      throw ApiException.conflict(
          "device '"
              + row.name()
              + "' does not use pin-on-first-use; set its new hostKey with PUT instead");
    }
    DeviceRow forgotten =
        new DeviceRow(
            row.id(),
            row.name(),
            row.host(),
            row.port(),
            row.deviceType(),
            row.credentialId(),
            row.jumpHostId(),
            null,
            true,
            row.tags(),
            row.createdAt());
    devices.update(forgotten);
    return DeviceView.of(devices.find(row.id()).orElseThrow());
  }

  @POST
  @Path("{device}/backups")
  @RequiresRole(Role.OPERATOR)
  public Response backup(@PathParam("device") String device) {
    DeviceRow row = lookup.require(device);
    DeviceBackupLauncher.StartedRun started = backups.start(row);
    return Response.accepted(new StartedRunView(started.runId(), started.workflowId()))
        .location(URI.create("/api/v1/runs/" + started.runId()))
        .build();
  }
}
