package io.safehold.api.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The least role a resource method (or every method of a resource class) needs. A method with
 * neither this nor {@link PublicEndpoint} needs {@link Role#ADMIN}, so a forgotten annotation fails
 * closed.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresRole {
  Role value();
}
