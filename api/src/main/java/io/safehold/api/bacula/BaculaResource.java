package io.safehold.api.bacula;

import io.safehold.activities.bacula.BaculaClient;
import io.safehold.activities.bacula.BaculaClientDetail;
import io.safehold.activities.bacula.BaculaConsolePolicy;
import io.safehold.activities.bacula.BaculaDashboard;
import io.safehold.activities.bacula.BaculaDirector;
import io.safehold.activities.bacula.BaculaDirectors;
import io.safehold.activities.bacula.BaculaException;
import io.safehold.activities.bacula.BaculaJobDetail;
import io.safehold.activities.bacula.BaculaJobSummary;
import io.safehold.activities.bacula.BaculaPool;
import io.safehold.activities.bacula.BaculaVolume;
import io.safehold.activities.bacula.VolumeProperty;
import io.safehold.api.auth.ApiKeyFilter;
import io.safehold.api.auth.Caller;
import io.safehold.api.auth.RequiresRole;
import io.safehold.api.auth.Role;
import io.safehold.api.errors.ApiException;
import io.safehold.api.resources.Items;
import io.safehold.api.resources.StartedRunView;
import io.safehold.catalog.BaculaDirectorDao;
import io.safehold.catalog.BaculaDirectorRow;
import io.safehold.workflows.run.RunStatus;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * One Bacula director's jobs, clients, pools, volumes, media, dashboard and console, read and
 * driven live through bconsole (docs/bacula.md maps each call to its bconsole commands). {@code
 * {dir}} is the director's id or name.
 *
 * <p>Roles: viewers read; operators also run jobs, label and update volumes and use read-only
 * console commands; admins also delete volumes and pools and use acting console commands. A
 * director that cannot be reached answers 503 and is marked unhealthy until a call succeeds.
 */
@Path("/api/v1/bacula/{dir}")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.VIEWER)
public final class BaculaResource {

  /** Body of {@code POST .../volumes}: label a new volume into a pool. */
  public record LabelRequest(@NotNull String pool, @NotNull String volume, String storage) {}

  /** Body of {@code POST .../console}. */
  public record ConsoleRequest(@NotNull String command) {}

  /** What a console command printed. */
  public record ConsoleOutput(String command, String output) {}

  private final BaculaDirectorDao directors;
  private final BaculaDirectors connections;
  private final BaculaLauncher launcher;

  public BaculaResource(
      BaculaDirectorDao directors, BaculaDirectors connections, BaculaLauncher launcher) {
    this.directors = directors;
    this.connections = connections;
    this.launcher = launcher;
  }

  /** One call against the director; records its health either way. */
  private interface Call<T> {
    T on(BaculaDirector director) throws BaculaException;
  }

  private <T> T call(String dir, Call<T> call) {
    BaculaDirectorRow row = require(directors, dir);
    try {
      T result = call.on(connections.open(row));
      if (!row.healthy()) {
        directors.markHealthy(row.id());
      }
      return result;
    } catch (BaculaException e) {
      if (e.kind() == BaculaException.Kind.UNAVAILABLE) {
        directors.markUnhealthy(row.id(), e.getMessage());
      }
      throw BaculaErrors.toApi(e);
    }
  }

  /**
   * Job resources with their last and next run.
   *
   * @param status a Safehold status the last run must have, e.g. COMPLETED_WITH_WARNINGS
   * @param client the client the job backs up
   * @param name part of the job name, case-insensitive
   */
  @GET
  @Path("jobs")
  public Items<BaculaJobSummary> jobs(
      @PathParam("dir") String dir,
      @QueryParam("status") String status,
      @QueryParam("client") String client,
      @QueryParam("name") String name) {
    RunStatus wanted = status == null ? null : runStatus(status);
    return new Items<>(call(dir, d -> d.jobs(wanted, client, name)));
  }

  @GET
  @Path("jobs/{name}")
  public BaculaJobDetail job(@PathParam("dir") String dir, @PathParam("name") String name) {
    return call(dir, d -> d.jobDetail(name));
  }

  /** Runs the job in a {@code BaculaJobWorkflow}: 202 with the run id; follow it under /runs. */
  @POST
  @Path("jobs/{name}/run")
  @RequiresRole(Role.OPERATOR)
  public Response run(@PathParam("dir") String dir, @PathParam("name") String name) {
    BaculaDirectorRow row = require(directors, dir);
    boolean known = call(dir, d -> d.jobNames().contains(name));
    if (!known) {
      throw new ApiException(
          404, "bacula_not_found", "director " + row.name() + " has no job named '" + name + "'");
    }
    BaculaLauncher.StartedRun started = launcher.runJob(row, name);
    return Response.accepted(new StartedRunView(started.runId(), started.workflowId()))
        .location(URI.create("/api/v1/runs/" + started.runId()))
        .build();
  }

  @GET
  @Path("clients")
  public Items<BaculaClient> clients(@PathParam("dir") String dir) {
    return new Items<>(call(dir, BaculaDirector::clients));
  }

  @GET
  @Path("clients/{name}")
  public BaculaClientDetail client(@PathParam("dir") String dir, @PathParam("name") String name) {
    return call(dir, d -> d.clientDetail(name));
  }

  @GET
  @Path("pools")
  public Items<BaculaPool> pools(@PathParam("dir") String dir) {
    return new Items<>(call(dir, BaculaDirector::pools));
  }

  /**
   * Deletes the pool's catalog record; 409 while it has volumes or jobs use it. Pools are defined
   * in bacula-dir.conf: the director re-creates the record while the resource stays there.
   */
  @DELETE
  @Path("pools/{pool}")
  @RequiresRole(Role.ADMIN)
  public Response deletePool(@PathParam("dir") String dir, @PathParam("pool") String pool) {
    call(
        dir,
        d -> {
          d.deletePool(pool);
          return null;
        });
    return Response.noContent().build();
  }

  @GET
  @Path("volumes")
  public Items<BaculaVolume> volumes(@PathParam("dir") String dir) {
    return new Items<>(call(dir, BaculaDirector::volumes));
  }

  /** Labels a new volume into a pool; 201 with the volume. */
  @POST
  @Path("volumes")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  public Response label(@PathParam("dir") String dir, @NotNull @Valid LabelRequest request) {
    BaculaVolume volume =
        call(dir, d -> d.labelVolume(request.pool(), request.volume(), request.storage()));
    return Response.created(URI.create("/api/v1/bacula/" + dir + "/volumes/" + volume.name()))
        .entity(volume)
        .build();
  }

  /**
   * Changes volume properties: a JSON object of {@code status}, {@code retention}, {@code
   * useDuration}, {@code maxJobs}, {@code maxFiles}, {@code maxBytes}, {@code recycle}, {@code
   * enabled}, {@code pool} to string values.
   */
  @PATCH
  @Path("volumes/{volume}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  public BaculaVolume update(
      @PathParam("dir") String dir,
      @PathParam("volume") String volume,
      @NotNull Map<String, String> changes) {
    Map<VolumeProperty, String> properties = new LinkedHashMap<>();
    for (Map.Entry<String, String> change : changes.entrySet()) {
      try {
        properties.put(VolumeProperty.forField(change.getKey()), change.getValue());
      } catch (BaculaException e) {
        throw BaculaErrors.toApi(e);
      }
    }
    return call(dir, d -> d.updateVolume(volume, properties));
  }

  /**
   * Deletes the volume's catalog record (with the records of its jobs; the volume file stays); 409
   * while it holds jobs its retention still keeps.
   */
  @DELETE
  @Path("volumes/{volume}")
  @RequiresRole(Role.ADMIN)
  public Response deleteVolume(@PathParam("dir") String dir, @PathParam("volume") String volume) {
    call(
        dir,
        d -> {
          d.deleteVolume(volume);
          return null;
        });
    return Response.noContent().build();
  }

  /** Every catalog field of every volume ({@code llist volumes}). */
  @GET
  @Path("media")
  public Items<Map<String, String>> media(@PathParam("dir") String dir) {
    return new Items<>(call(dir, BaculaDirector::media));
  }

  @GET
  @Path("dashboard")
  public BaculaDashboard dashboard(@PathParam("dir") String dir, @QueryParam("days") Integer days) {
    return call(dir, d -> d.dashboard(days == null ? 7 : days));
  }

  /**
   * Runs one allow-listed console command; 403 with the allowed commands for anything else, 400 for
   * separators, includes and shell metacharacters.
   */
  @POST
  @Path("console")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  public ConsoleOutput console(
      @PathParam("dir") String dir,
      @NotNull @Valid ConsoleRequest request,
      @Context SecurityContext security) {
    Caller caller = ApiKeyFilter.caller(security);
    boolean admin = caller != null && caller.role().includes(Role.ADMIN);
    BaculaConsolePolicy.check(request.command(), admin)
        .ifPresent(
            verdict -> {
              throw verdict.refusal() == BaculaConsolePolicy.Refusal.MALFORMED
                  ? ApiException.invalidField("field 'command': " + verdict.message())
                  : new ApiException(403, "console_command_not_allowed", verdict.message());
            });
    String command = request.command().strip();
    return new ConsoleOutput(command, call(dir, d -> d.console(command)));
  }

  private static RunStatus runStatus(String status) {
    try {
      return RunStatus.valueOf(status.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidField(
          "query parameter 'status' must be one of " + List.of(RunStatus.values()));
    }
  }

  /** By id, or by name (names cannot look like ids). */
  static BaculaDirectorRow require(BaculaDirectorDao directors, String dir) {
    return (BaculaDirectorResource.isUuid(dir)
            ? directors.find(UUID.fromString(dir))
            : directors.findByName(dir))
        .orElseThrow(
            () ->
                new ApiException(
                    404,
                    "bacula_director_not_found",
                    "no Bacula director with id or name '" + dir + "'"));
  }
}
