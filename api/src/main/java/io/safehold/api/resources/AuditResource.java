package io.safehold.api.resources;

import io.safehold.api.auth.RequiresRole;
import io.safehold.api.auth.Role;
import io.safehold.catalog.AuditDao;
import io.safehold.catalog.AuditRow;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The audit log, newest first, paged with {@code before} (the last id seen). */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.ADMIN)
public final class AuditResource {

  /** A page of audit rows; {@code nextBefore} is null on the last page. */
  public record AuditPage(List<AuditRow> items, Long nextBefore) {}

  private final AuditDao audit;

  public AuditResource(AuditDao audit) {
    this.audit = audit;
  }

  @GET
  public AuditPage list(@QueryParam("limit") String limit, @QueryParam("before") String before) {
    int pageSize = QueryParams.limit(limit, 100, 1000);
    long beforeId = QueryParams.positiveLong("before", before, Long.MAX_VALUE);
    List<AuditRow> rows = audit.list(beforeId, pageSize + 1);
    if (rows.size() > pageSize) {
      List<AuditRow> page = rows.subList(0, pageSize);
      return new AuditPage(page, page.get(pageSize - 1).id());
    }
    return new AuditPage(rows, null);
  }
}
