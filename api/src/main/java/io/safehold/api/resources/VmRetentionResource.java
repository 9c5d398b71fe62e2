package io.safehold.api.resources;

import io.safehold.activities.retention.VmRetention;
import io.safehold.api.auth.ApiKeyFilter;
import io.safehold.api.auth.Caller;
import io.safehold.api.auth.RequiresRole;
import io.safehold.api.auth.Role;
import io.safehold.api.errors.ApiException;
import io.safehold.api.runs.VsphereRunLauncher;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.RunRow;
import io.safehold.catalog.VmDao;
import io.safehold.catalog.VmRow;
import io.safehold.workflows.retention.PrunePlan;
import io.safehold.workflows.retention.RetentionDecision;
import io.safehold.workflows.retention.RetentionRules;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A VM's retention rules and its prune: the dry run answers at once from the catalog, a real prune
 * starts {@code VmPruneWorkflow}. Reading and the dry run need viewer; changing the rules and
 * pruning need operator.
 */
@Path("/api/v1/vms")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.VIEWER)
public final class VmRetentionResource {

  /** Largest count or number of days a rule takes: far beyond any real policy. */
  static final int MAX_RULE = 100_000;

  /**
   * Retention rules of a VM, in requests and answers. Each is optional; null or 0 means the rule is
   * not used, and with no rule at all every backup is kept.
   */
  public record RetentionView(
      @Min(0) @Max(MAX_RULE) Integer keepLast,
      @Min(0) @Max(MAX_RULE) Integer keepWithinDays,
      @Min(0) @Max(MAX_RULE) Integer keepDaily,
      @Min(0) @Max(MAX_RULE) Integer keepWeekly,
      @Min(0) @Max(MAX_RULE) Integer keepMonthly) {

    static RetentionView of(RetentionRules rules) {
      return new RetentionView(
          rules.keepLast(),
          rules.keepWithinDays(),
          rules.keepDaily(),
          rules.keepWeekly(),
          rules.keepMonthly());
    }

    RetentionRules rules() {
      return new RetentionRules(keepLast, keepWithinDays, keepDaily, keepWeekly, keepMonthly);
    }
  }

  /** One backup run in a plan: {@code action} is {@code keep} or {@code remove}, with reasons. */
  public record PlannedBackupView(
      String runId,
      String status,
      String mode,
      String baseRunId,
      Instant finishedAt,
      String action,
      List<String> reasons) {}

  /**
   * A dry run's answer: the rules, each backup run not pruned yet (newest first) with its fate, and
   * what removing them frees: stored chunks that no backup of any VM references anymore.
   */
  public record PrunePlanView(
      String vmId,
      boolean dryRun,
      RetentionView rules,
      long kept,
      long removed,
      long chunksFreed,
      long bytesFreed,
      List<PlannedBackupView> backups) {}

  private final VmDao vms;
  private final RunDao runs;
  private final VmRetention retention;
  private final VsphereRunLauncher launcher;

  public VmRetentionResource(
      VmDao vms, RunDao runs, VmRetention retention, VsphereRunLauncher launcher) {
    this.vms = vms;
    this.runs = runs;
    this.retention = retention;
    this.launcher = launcher;
  }

  @GET
  @Path("{id}/retention")
  public RetentionView get(@PathParam("id") String id) {
    return RetentionView.of(retention.rules(require(id).id()));
  }

  /** Replaces the VM's rules; an empty object removes them (everything is kept). */
  @PUT
  @Path("{id}/retention")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  public RetentionView put(@PathParam("id") String id, @NotNull @Valid RetentionView body) {
    VmRow vm = require(id);
    RetentionRules rules = body.rules();
    if (!retention.setRules(vm.id(), rules)) {
      throw new ApiException(404, VmResource.NOT_FOUND, "no VM with id '" + id + "'");
    }
    return RetentionView.of(rules);
  }

  /**
   * {@code dryRun=true} (the default) answers 200 with the plan; {@code dryRun=false} needs
   * operator and answers 202 with the prune run, or 409 while a prune of the VM is pending or
   * running.
   */
  @POST
  @Path("{id}/prune")
  public Response prune(
      @PathParam("id") String id,
      @QueryParam("dryRun") String dryRun,
      @Context SecurityContext security) {
    VmRow vm = require(id);
    if (dryRun(dryRun)) {
      return Response.ok(view(retention.plan(vm.id()))).build();
    }
    Caller caller = ApiKeyFilter.caller(security);
    if (caller == null || !caller.role().includes(Role.OPERATOR)) {
      throw ApiException.forbidden(
          "a prune with dryRun=false needs the operator role; the key '"
              + (caller == null ? "" : caller.keyName())
              + "' has the "
              + (caller == null ? "no" : caller.role().id())
              + " role");
    }
    for (String status : List.of("PENDING", "RUNNING")) {
      List<RunRow> busy = runs.list(vm.id(), status, VsphereRunLauncher.PRUNE_KIND, null, null, 1);
      if (!busy.isEmpty()) {
        throw ApiException.conflict(
            "a prune of VM '"
                + vm.assetName()
                + "' is already "
                + status
                + " (run "
                + busy.get(0).id()
                + "); follow it at /api/v1/runs/"
                + busy.get(0).id());
      }
    }
    VsphereRunLauncher.StartedRun started = launcher.prune(vm);
    return Response.accepted(new StartedRunView(started.runId(), started.workflowId()))
        .location(URI.create("/api/v1/runs/" + started.runId()))
        .build();
  }

  private static PrunePlanView view(PrunePlan plan) {
    List<PlannedBackupView> backups =
        plan.backups().stream().map(VmRetentionResource::view).toList();
    return new PrunePlanView(
        plan.vmId(),
        true,
        RetentionView.of(plan.rules()),
        plan.keptCount(),
        plan.removedRunIds().size(),
        plan.chunksFreed(),
        plan.bytesFreed(),
        backups);
  }

  private static PlannedBackupView view(RetentionDecision d) {
    return new PlannedBackupView(
        d.runId(),
        d.status(),
        d.mode(),
        d.baseRunId(),
        d.finishedAt(),
        d.keep() ? "keep" : "remove",
        d.reasons());
  }

  private static boolean dryRun(String value) {
    if (value == null || value.isBlank()) {
      return true;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw ApiException.invalidField(
              "query parameter 'dryRun' must be true or false, got '" + value + "'");
    };
  }

  private VmRow require(String id) {
    return Ids.tryParse(id)
        .flatMap(vms::find)
        .orElseThrow(
            () -> new ApiException(404, VmResource.NOT_FOUND, "no VM with id '" + id + "'"));
  }
}
