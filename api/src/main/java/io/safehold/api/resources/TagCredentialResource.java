package io.safehold.api.resources;

import io.safehold.api.auth.RequiresRole;
import io.safehold.api.auth.Role;
import io.safehold.api.errors.ApiException;
import io.safehold.catalog.CredentialDao;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/**
 * Tag credentials: the credential attached to a tag applies to every device carrying the tag; a
 * device's own credential wins.
 */
@Path("/api/v1/tags/{tag}/credential")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.ADMIN)
public final class TagCredentialResource {

  /** Body of {@code PUT /api/v1/tags/{tag}/credential}. */
  public record TagCredentialRequest(@NotNull UUID credentialId) {}

  /** The credential attached to a tag. */
  public record TagCredentialView(String tag, UUID credentialId) {}

  private final CredentialDao credentials;

  public TagCredentialResource(CredentialDao credentials) {
    this.credentials = credentials;
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  public TagCredentialView attach(
      @PathParam("tag") String tag, @NotNull @Valid TagCredentialRequest request) {
    DeviceRules.checkTag(tag);
    if (credentials.find(request.credentialId()).isEmpty()) {
      throw ApiException.invalidField(
          "field 'credentialId': no credential has id " + request.credentialId());
    }
    credentials.attachToTag(tag, request.credentialId());
    return new TagCredentialView(tag, request.credentialId());
  }

  @DELETE
  public Response detach(@PathParam("tag") String tag) {
    if (!credentials.detachTag(tag)) {
      throw ApiException.notFound("tag '" + tag + "' has no credential attached");
    }
    return Response.noContent().build();
  }
}
