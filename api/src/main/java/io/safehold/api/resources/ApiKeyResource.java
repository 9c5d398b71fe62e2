package io.safehold.api.resources;

import io.safehold.api.auth.ApiKeyAuthenticator;
import io.safehold.api.auth.ApiKeys;
import io.safehold.api.auth.RequiresRole;
import io.safehold.api.auth.Role;
import io.safehold.api.errors.ApiException;
import io.safehold.catalog.ApiKeyDao;
import io.safehold.catalog.ApiKeyRow;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/** API keys: admins create (the key is shown once), list and revoke them. */
@Path("/api/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.ADMIN)
public final class ApiKeyResource {

  /** Body of {@code POST /api/v1/keys}. */
  public record KeyRequest(@NotBlank @Size(max = 100) String name, @NotNull Role role) {}

  /** A key as listed: never its hash or plaintext. */
  public record KeyView(UUID id, String name, Role role, Instant createdAt, Instant revokedAt) {
    static KeyView of(ApiKeyRow row) {
      return new KeyView(
          row.id(),
          row.name(),
          Role.fromId(row.role()).orElse(null),
          row.createdAt(),
          row.revokedAt());
    }
  }

  private final ApiKeyDao keys;
  private final ApiKeyAuthenticator authenticator;

  public ApiKeyResource(ApiKeyDao keys, ApiKeyAuthenticator authenticator) {
    this.keys = keys;
    this.authenticator = authenticator;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(@NotNull @Valid KeyRequest request) {
    ApiKeys.CreatedKey created = ApiKeys.create(keys, request.name().trim(), request.role());
    return Response.created(URI.create("/api/v1/keys/" + created.id())).entity(created).build();
  }

  @GET
  public Items<KeyView> list() {
    return new Items<>(keys.list().stream().map(KeyView::of).toList());
  }

  @DELETE
  @Path("{id}")
  public Response revoke(@PathParam("id") String id) {
    UUID keyId = Ids.parse(id, "API key");
    ApiKeyRow row =
        keys.find(keyId).orElseThrow(() -> ApiException.notFound("no API key with id " + id));
    if (row.revokedAt() != null) {
      throw ApiException.conflict("API key '" + row.name() + "' is already revoked");
    }
    if (Role.ADMIN.id().equals(row.role()) && keys.countActiveAdmins() <= 1) {
      throw ApiException.conflict(
          "API key '"
              + row.name()
              + "' is the last active admin key; create another admin key first");
    }
    keys.revoke(keyId);
    authenticator.forgetAll();
    return Response.noContent().build();
  }
}
