package io.safehold.api.audit;

import io.safehold.api.auth.ApiKeyFilter;
import io.safehold.api.auth.Caller;
import io.safehold.catalog.AuditDao;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.uri.UriTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one audit row per mutating call (POST, PUT, PATCH, DELETE), whatever its outcome: refused
 * (401, 403, 413), invalid (400) or done. Response filters run for mapped errors too, before the
 * response is sent, so a client that gets its answer can already read the row.
 */
@Priority(Priorities.USER)
public final class AuditTrail implements ContainerResponseFilter {

  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
  private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

  private final AuditDao audit;

  @Context private ExtendedUriInfo uriInfo;

  public AuditTrail(AuditDao audit) {
    this.audit = audit;
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    String method = request.getMethod();
    if (!MUTATING.contains(method)) {
      return;
    }
    String path = request.getUriInfo().getRequestUri().getPath();
    Caller caller = ApiKeyFilter.caller(request.getSecurityContext());
    String action = method + " " + template().orElse(path);
    try {
      audit.insert(caller == null ? null : caller.keyId(), action, path, response.getStatus());
    } catch (RuntimeException e) {
      // The call itself already happened; losing its audit row must be loud, not fatal.
      LOG.error(
          "could not write the audit row for {} (status {})", action, response.getStatus(), e);
    }
  }

  /** The matched route, e.g. {@code /api/v1/devices/{device}/backups}; empty when none matched. */
  private Optional<String> template() {
    List<UriTemplate> matched = uriInfo == null ? List.of() : uriInfo.getMatchedTemplates();
    if (matched == null || matched.isEmpty()) {
      return Optional.empty();
    }
    List<UriTemplate> outermostFirst = new ArrayList<>(matched);
    Collections.reverse(outermostFirst);
    StringBuilder route = new StringBuilder();
    for (UriTemplate t : outermostFirst) {
      String part = t.getTemplate();
      if (part.isEmpty() || part.equals("/")) {
        continue;
      }
      if (!part.startsWith("/")) {
        route.append('/');
      }
      route.append(part.endsWith("/") ? part.substring(0, part.length() - 1) : part);
    }
    return Optional.of(route.isEmpty() ? "/" : route.toString());
  }
}
