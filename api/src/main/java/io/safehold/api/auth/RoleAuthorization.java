package io.safehold.api.auth;

import io.safehold.api.errors.ApiException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.Method;

/**
 * Enforces {@link RequiresRole} per resource method: no or an unknown key gives 401, too little
 * role 403. Methods without any annotation need admin.
 */
public final class RoleAuthorization implements DynamicFeature {

  @Override
  public void configure(ResourceInfo resourceInfo, FeatureContext context) {
    Role required = requiredRole(resourceInfo.getResourceClass(), resourceInfo.getResourceMethod());
    if (required != null) {
      boolean ingestKey =
          resourceInfo.getResourceMethod().isAnnotationPresent(AcceptsIngestKey.class);
      context.register(new RoleCheck(required, ingestKey));
    }
  }

  /** Least role of a method, as {@link #configure} decides it; null when the method is public. */
  public static Role requiredRole(Class<?> resource, Method method) {
    if (method.isAnnotationPresent(PublicEndpoint.class)) {
      return null;
    }
    RequiresRole onMethod = method.getAnnotation(RequiresRole.class);
    if (onMethod != null) {
      return onMethod.value();
    }
    if (resource.isAnnotationPresent(PublicEndpoint.class)) {
      return null;
    }
    RequiresRole onClass = resource.getAnnotation(RequiresRole.class);
    return onClass == null ? Role.ADMIN : onClass.value();
  }

  @Priority(Priorities.AUTHORIZATION)
  private static final class RoleCheck implements ContainerRequestFilter {
    private final Role required;
    private final boolean acceptsIngestKey;

    RoleCheck(Role required, boolean acceptsIngestKey) {
      this.required = required;
      this.acceptsIngestKey = acceptsIngestKey;
    }

    @Override
    public void filter(ContainerRequestContext request) {
      Caller caller = ApiKeyFilter.caller(request.getSecurityContext());
      if (caller == null) {
        boolean presented = request.getProperty(ApiKeyFilter.KEY_PRESENTED) != null;
        if (presented && acceptsIngestKey) {
          return; // not an API key: the method checks it as an ingest key
        }
        throw ApiException.unauthenticated(
            presented
                ? "the API key in " + ApiKeyFilter.HEADER + " is unknown or revoked"
                : "this call needs an API key in the " + ApiKeyFilter.HEADER + " header");
      }
      if (!caller.role().includes(required)) {
        throw ApiException.forbidden(
            "this call needs the "
                + required.id()
                + " role; the key '"
                + caller.keyName()
                + "' has the "
                + caller.role().id()
                + " role");
      }
    }
  }
}
