package io.safehold.api.resources;

import io.safehold.api.auth.ApiKeyFilter;
import io.safehold.api.auth.Caller;
import io.safehold.api.auth.RequiresRole;
import io.safehold.api.auth.Role;
import io.safehold.api.errors.ApiException;
import io.safehold.catalog.AlertDao;
import io.safehold.catalog.AlertEventRow;
import io.safehold.catalog.AlertRow;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;

/**
 * Alerts an operator must act on (e.g. a snapshot a backup could not remove, an asset without a
 * recent backup), newest first. An operator acknowledges one with a comment, or clears one once the
 * cause is dealt with; awareness alerts also clear themselves when a backup lands.
 */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.VIEWER)
public final class AlertResource {

  /** A page of alerts; {@code nextBefore} is null on the last page. */
  public record AlertPage(List<AlertRow> items, Long nextBefore) {}

  /** Body of {@code POST /{id}/ack}. */
  public record AckRequest(String comment) {}

  /** {@code open}: neither acknowledged nor cleared; {@code acknowledged}: seen, not cleared. */
  static final List<String> STATES = List.of("open", "acknowledged", "cleared", "all");

  private final AlertDao alerts;

  public AlertResource(AlertDao alerts) {
    this.alerts = alerts;
  }

  @GET
  public AlertPage list(
      @QueryParam("state") String state,
      @QueryParam("limit") String limit,
      @QueryParam("before") String before) {
    String wanted = state == null ? "open" : state;
    if (!STATES.contains(wanted)) {
      throw ApiException.invalidField(
          "state must be open, acknowledged, cleared or all, not '" + state + "'");
    }
    int pageSize = QueryParams.limit(limit, 100, 1000);
    long beforeId = QueryParams.positiveLong("before", before, Long.MAX_VALUE);
    List<AlertRow> rows = alerts.listByState(wanted, beforeId, pageSize + 1);
    if (rows.size() > pageSize) {
      List<AlertRow> page = rows.subList(0, pageSize);
      return new AlertPage(page, page.get(pageSize - 1).id());
    }
    return new AlertPage(rows, null);
  }

  @POST
  @Path("{id}/clear")
  @RequiresRole(Role.OPERATOR)
  public AlertRow clear(@PathParam("id") String id, @Context SecurityContext security) {
    long alertId = parseId(id);
    AlertRow row =
        alerts.find(alertId).orElseThrow(() -> ApiException.notFound("no alert with id " + id));
    if (row.clearedAt() != null) {
      throw ApiException.conflict("alert " + id + " was already cleared by " + row.clearedBy());
    }
    Caller caller = ApiKeyFilter.caller(security);
    alerts.clear(alertId, caller == null ? "api" : "api:" + caller.keyName());
    return alerts.find(alertId).orElseThrow();
  }

  /**
   * Acknowledges an open alert with a comment (operator): it leaves the {@code open} list but stays
   * until its condition clears. 409 when it is cleared or already acknowledged.
   */
  @POST
  @Path("{id}/ack")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  public AlertRow acknowledge(
      @PathParam("id") String id, AckRequest body, @Context SecurityContext security) {
    long alertId = parseId(id);
    String comment = body == null || body.comment() == null ? "" : body.comment().trim();
    if (comment.isEmpty() || comment.length() > 2000) {
      throw ApiException.invalidField("field 'comment' is required, at most 2000 characters");
    }
    AlertRow row =
        alerts.find(alertId).orElseThrow(() -> ApiException.notFound("no alert with id " + id));
    if (row.clearedAt() != null) {
      throw ApiException.conflict("alert " + id + " was already cleared by " + row.clearedBy());
    }
    Caller caller = ApiKeyFilter.caller(security);
    if (!alerts.acknowledge(alertId, caller == null ? "api" : "api:" + caller.keyName(), comment)) {
      AlertRow now = alerts.find(alertId).orElseThrow();
      throw ApiException.conflict(
          now.clearedAt() != null
              ? "alert " + id + " was cleared by " + now.clearedBy()
              : "alert " + id + " was already acknowledged by " + now.ackedBy());
    }
    return alerts.find(alertId).orElseThrow();
  }

  /** The alert's life, oldest first: raise, refresh, ack and clear, with time and actor. */
  @GET
  @Path("{id}/events")
  public Items<AlertEventRow> events(@PathParam("id") String id) {
    long alertId = parseId(id);
    alerts.find(alertId).orElseThrow(() -> ApiException.notFound("no alert with id " + id));
    return new Items<>(alerts.events(alertId));
  }

  private static long parseId(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw ApiException.notFound("no alert with id " + id);
    }
  }
}
