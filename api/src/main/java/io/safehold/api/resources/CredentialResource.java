package io.safehold.api.resources;

import io.safehold.api.auth.RequiresRole;
import io.safehold.api.auth.Role;
import io.safehold.api.errors.ApiException;
import io.safehold.catalog.CredentialDao;
import io.safehold.catalog.CredentialRow;
import io.safehold.catalog.DeviceDao;
import io.safehold.catalog.DeviceRow;
import io.safehold.catalog.VcenterDao;
import io.safehold.catalog.VcenterRow;
import io.safehold.catalog.secrets.CredentialVault;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Login credentials for devices, sealed with AES-GCM by the {@link CredentialVault}. No response
 * ever carries the secret, the passphrase or their ciphertext.
 */
@Path("/api/v1/credentials")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.VIEWER)
public final class CredentialResource {

  public static final String PRIVATE_KEY = "private-key";

  /** Body of {@code POST /api/v1/credentials}. */
  public record CredentialRequest(
      @NotBlank @Size(max = 200) String name,
      @NotNull
          @Pattern(regexp = "password|private-key", message = "must be password or private-key")
          String kind,
      @NotBlank @Size(max = 200) String username,
      @NotEmpty @Size(max = 65536) String secret,
      @Size(max = 1024) String passphrase) {}

  /** A credential as the API shows it: what it is, never what it holds. */
  public record CredentialView(
      UUID id,
      String name,
      String kind,
      String username,
      boolean hasPassphrase,
      Instant createdAt) {
    static CredentialView of(CredentialRow row) {
      return new CredentialView(
          row.id(),
          row.name(),
          row.kind(),
          row.username(),
          row.passphraseEnc() != null,
          row.createdAt());
    }
  }

  private final CredentialDao credentials;
  private final DeviceDao devices;
  private final VcenterDao vcenters;
  private final CredentialVault vault;

  public CredentialResource(
      CredentialDao credentials, DeviceDao devices, VcenterDao vcenters, CredentialVault vault) {
    this.credentials = credentials;
    this.devices = devices;
    this.vcenters = vcenters;
    this.vault = vault;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.ADMIN)
  public Response create(@NotNull @Valid CredentialRequest request) {
    String name = request.name().trim();
    if (request.passphrase() != null && !PRIVATE_KEY.equals(request.kind())) {
      throw ApiException.invalidField("field 'passphrase' only applies to kind private-key");
    }
    if (PRIVATE_KEY.equals(request.kind()) && !request.secret().contains("PRIVATE KEY-----")) {
      throw ApiException.invalidField(
          "field 'secret' must hold a PEM or OpenSSH private key (-----BEGIN ... PRIVATE KEY-----)"
              + " for kind private-key");
    }
    if (credentials.findByName(name).isPresent()) {
      throw ApiException.conflict("a credential named '" + name + "' already exists");
    }
    UUID id = UUID.randomUUID();
    byte[] passphrase =
        request.passphrase() == null || request.passphrase().isEmpty()
            ? null
            : vault.seal(request.passphrase().getBytes(StandardCharsets.UTF_8));
    credentials.insert(
        new CredentialRow(
            id,
            name,
            request.kind(),
            request.username().trim(),
            vault.seal(request.secret().getBytes(StandardCharsets.UTF_8)),
            passphrase,
            null));
    CredentialRow stored = credentials.find(id).orElseThrow();
    return Response.created(URI.create("/api/v1/credentials/" + id))
        .entity(CredentialView.of(stored))
        .build();
  }

  @GET
  public Items<CredentialView> list() {
    return new Items<>(credentials.list().stream().map(CredentialView::of).toList());
  }

  @GET
  @Path("{credential}")
  public CredentialView get(@PathParam("credential") String credential) {
    return CredentialView.of(find(credential));
  }

  @DELETE
  @Path("{credential}")
  @RequiresRole(Role.ADMIN)
  public Response delete(@PathParam("credential") String credential) {
    CredentialRow row = find(credential);
    List<DeviceRow> users =
        devices.list().stream().filter(d -> row.id().equals(d.credentialId())).toList();
    if (!users.isEmpty()) {
      throw ApiException.conflict(
          "credential '"
              + row.name()
              + "' is used by device(s) "
              + users.stream().map(d -> "'" + d.name() + "'").collect(Collectors.joining(", "))
              + "; give them another credential first");
    }
    List<VcenterRow> vcenterUsers = vcenters.listByCredential(row.id());
    if (!vcenterUsers.isEmpty()) {
      throw ApiException.conflict(
          "credential '"
              + row.name()
              + "' is the login of vCenter(s) "
              + vcenterUsers.stream()
                  .map(v -> "'" + v.name() + "'")
                  .collect(Collectors.joining(", "))
              + "; delete them first");
    }
    List<String> targetUsers = credentials.notificationTargetsUsing(row.id());
    if (!targetUsers.isEmpty()) {
      throw ApiException.conflict(
          "credential '"
              + row.name()
              + "' is used by notification target(s) "
              + targetUsers.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "))
              + "; delete them first");
    }
    credentials.delete(row.id());
    return Response.noContent().build();
  }

  /** By id, or by name (names are unique). */
  private CredentialRow find(String credential) {
    return Ids.tryParse(credential)
        .flatMap(credentials::find)
        .or(() -> credentials.findByName(credential))
        .orElseThrow(
            () -> ApiException.notFound("no credential with id or name '" + credential + "'"));
  }
}
