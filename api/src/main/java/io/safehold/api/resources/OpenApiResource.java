package io.safehold.api.resources;

import io.safehold.api.auth.PublicEndpoint;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The hand-written OpenAPI 3 document of this API. */
@Path("/api/v1/openapi.yaml")
@PublicEndpoint
public final class OpenApiResource {

  /** Classpath location of the document. */
  public static final String DOCUMENT = "/io/safehold/api/openapi.yaml";

  private final String document;

  public OpenApiResource() {
    try (InputStream in = OpenApiResource.class.getResourceAsStream(DOCUMENT)) {
      if (in == null) {
        throw new IllegalStateException(DOCUMENT + " is missing from the classpath");
      }
      this.document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @GET
  @Produces("application/yaml; charset=utf-8")
  public String get() {
    return document;
  }
}
