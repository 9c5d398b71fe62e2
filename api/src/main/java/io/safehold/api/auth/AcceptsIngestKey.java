package io.safehold.api.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource method that also takes a per-asset ingest key in place of an API key. {@link
 * RoleAuthorization} lets a request through when it presents a key that is not an API key; the
 * method itself must then check it with {@link IngestKeys#authenticate} and answer 401 or 403. A
 * valid API key still needs the method's {@link RequiresRole}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AcceptsIngestKey {}
