package io.safehold.api.auth;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/**
 * Identifies the caller from {@code X-API-Key} (or {@code Authorization: Bearer <key>}). It rejects
 * nothing itself: {@link RoleAuthorization} decides per endpoint, so public endpoints and error
 * responses still know who called.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class ApiKeyFilter implements ContainerRequestFilter {

  public static final String HEADER = "X-API-Key";

  private static final String BEARER = "Bearer ";

  /** Request property set when a key was sent, valid or not, to tell "missing" from "unknown". */
  static final String KEY_PRESENTED = "safehold.keyPresented";

  private final ApiKeyAuthenticator authenticator;

  public ApiKeyFilter(ApiKeyAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String key = presentedKey(request);
    if (key == null) {
      return;
    }
    request.setProperty(KEY_PRESENTED, Boolean.TRUE);
    boolean secure = request.getSecurityContext().isSecure();
    authenticator
        .authenticate(key)
        .ifPresent(caller -> request.setSecurityContext(new CallerContext(caller, secure)));
  }

  /** {@code X-API-Key}, or else a bearer token in {@code Authorization}; null when neither. */
  private static String presentedKey(ContainerRequestContext request) {
    return presentedKey(
        request.getHeaderString(HEADER), request.getHeaderString(HttpHeaders.AUTHORIZATION));
  }

  /** The key from these two header values, as {@link #filter} reads it; null when neither. */
  public static String presentedKey(String key, String authorization) {
    if (key != null && !key.isBlank()) {
      return key.trim();
    }
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      String token = authorization.substring(BEARER.length()).trim();
      return token.isEmpty() ? null : token;
    }
    return null;
  }

  /** The caller of the current request, or null when no valid key was sent. */
  public static Caller caller(SecurityContext context) {
    Principal principal = context == null ? null : context.getUserPrincipal();
    return principal instanceof Caller caller ? caller : null;
  }

  private record CallerContext(Caller caller, boolean secure) implements SecurityContext {
    @Override
    public Principal getUserPrincipal() {
      return caller;
    }

    @Override
    public boolean isUserInRole(String role) {
      return Role.fromId(role).map(caller.role()::includes).orElse(false);
    }

    @Override
    public boolean isSecure() {
      return secure;
    }

    @Override
    public String getAuthenticationScheme() {
      return "API-KEY";
    }
  }
}
