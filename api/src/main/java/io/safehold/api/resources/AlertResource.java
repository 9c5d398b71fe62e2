package io.safehold.api.resources;

import io.safehold.api.auth.ApiKeyFilter;
import io.safehold.api.auth.Caller;
import io.safehold.api.auth.RequiresRole;
import io.safehold.api.auth.Role;
import io.safehold.api.errors.ApiException;
import io.safehold.catalog.AlertDao;
import io.safehold.catalog.AlertRow;
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
 * Alerts an operator must act on (e.g. a snapshot a backup could not remove), newest first. An
 * operator clears one once the cause is dealt with.
 */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.VIEWER)
public final class AlertResource {

  /** A page of alerts; {@code nextBefore} is null on the last page. */
  public record AlertPage(List<AlertRow> items, Long nextBefore) {}

  private final AlertDao alerts;

  public AlertResource(AlertDao alerts) {
    this.alerts = alerts;
  }

  @GET
  public AlertPage list(
      @QueryParam("state") String state,
      @QueryParam("limit") String limit,
      @QueryParam("before") String before) {
    Boolean open =
        switch (state == null ? "open" : state) {
          case "open" -> Boolean.TRUE;
          case "cleared" -> Boolean.FALSE;
          case "all" -> null;
          default ->
              throw ApiException.invalidField(
                  "state must be open, cleared or all, not '" + state + "'");
        };
    int pageSize = QueryParams.limit(limit, 100, 1000);
    long beforeId = QueryParams.positiveLong("before", before, Long.MAX_VALUE);
    List<AlertRow> rows = alerts.list(open, beforeId, pageSize + 1);
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

  private static long parseId(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw ApiException.notFound("no alert with id " + id);
    }
  }
}
