package io.safehold.api.bacula;

import io.safehold.api.auth.RequiresRole;
import io.safehold.api.auth.Role;
import io.safehold.api.errors.ApiException;
import io.safehold.api.resources.Items;
import io.safehold.catalog.BaculaDirectorDao;
import io.safehold.catalog.BaculaDirectorRow;
import io.safehold.catalog.CredentialDao;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/**
 * Bacula directors Safehold drives and imports from. Adding one starts its import loop; deleting
 * one stops it (its imported runs stay). Managing directors needs admin. No response carries a
 * secret: an SSH login is a credential referenced by id.
 */
@Path("/api/v1/bacula/directors")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.VIEWER)
public final class BaculaDirectorResource {

  /**
   * A director as the API shows it.
   *
   * @param healthy false while the last contact with the director failed; {@code lastError} says
   *     why
   * @param importWatermark every JobId at or below it is imported
   */
  public record DirectorView(
      UUID id,
      String name,
      String mode,
      String bconsoleConfig,
      String sshHost,
      Integer sshPort,
      String sshHostKey,
      UUID credentialId,
      String timeZone,
      int importIntervalMinutes,
      long importWatermark,
      boolean healthy,
      String lastError,
      Instant lastCheckedAt,
      Instant lastImportAt,
      Instant createdAt) {
    static DirectorView of(BaculaDirectorRow row) {
      boolean ssh = "ssh".equals(row.mode());
      return new DirectorView(
          row.id(),
          row.name(),
          row.mode(),
          row.bconsoleConfig(),
          row.sshHost(),
          ssh ? row.sshPort() : null,
          row.sshHostKey(),
          row.credentialId(),
          row.timeZone(),
          row.importIntervalMinutes(),
          row.importWatermark(),
          row.healthy(),
          row.lastError(),
          row.lastCheckedAt(),
          row.lastImportAt(),
          row.createdAt());
    }
  }

  private final BaculaDirectorDao directors;
  private final CredentialDao credentials;
  private final BaculaLauncher launcher;

  public BaculaDirectorResource(
      BaculaDirectorDao directors, CredentialDao credentials, BaculaLauncher launcher) {
    this.directors = directors;
    this.credentials = credentials;
    this.launcher = launcher;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.ADMIN)
  public Response create(@NotNull @Valid BaculaDirectorRequest request) {
    BaculaDirectorRow row = toRow(request);
    directors.insert(row);
    BaculaDirectorRow stored = directors.find(row.id()).orElseThrow();
    launcher.ensureImporting(stored);
    return Response.created(URI.create("/api/v1/bacula/directors/" + stored.id()))
        .entity(DirectorView.of(stored))
        .build();
  }

  @GET
  public Items<DirectorView> list() {
    return new Items<>(directors.list().stream().map(DirectorView::of).toList());
  }

  @GET
  @Path("{dir}")
  public DirectorView get(@PathParam("dir") String dir) {
    return DirectorView.of(BaculaResource.require(directors, dir));
  }

  /** Deletes the director and stops its import loop; its imported runs and job assets stay. */
  @DELETE
  @Path("{dir}")
  @RequiresRole(Role.ADMIN)
  public Response delete(@PathParam("dir") String dir) {
    BaculaDirectorRow row = BaculaResource.require(directors, dir);
    launcher.stopImporting(row);
    directors.delete(row.id());
    return Response.noContent().build();
  }

  private BaculaDirectorRow toRow(BaculaDirectorRequest request) {
    if (isUuid(request.name())) {
      throw ApiException.invalidField("field 'name' must not be a UUID, so paths can take either");
    }
    boolean ssh = "ssh".equals(request.mode());
    if (ssh) {
      if (request.sshHost() == null) {
        throw ApiException.invalidField("field 'sshHost' is required when mode is ssh");
      }
      if (request.sshHostKey() == null || !request.sshHostKey().startsWith("SHA256:")) {
        throw ApiException.invalidField(
            "field 'sshHostKey' must be the director host's key fingerprint, SHA256:... as"
                + " ssh-keygen -lf prints it; the host key is always verified");
      }
      if (request.credentialId() == null) {
        throw ApiException.invalidField("field 'credentialId' is required when mode is ssh");
      }
      if (credentials.find(request.credentialId()).isEmpty()) {
        throw ApiException.invalidField(
            "field 'credentialId': no credential has id " + request.credentialId());
      }
    } else if (request.sshHost() != null
        || request.sshHostKey() != null
        || request.credentialId() != null) {
      throw ApiException.invalidField(
          "fields 'sshHost', 'sshHostKey' and 'credentialId' apply to mode ssh only");
    }
    if (request.timeZone() != null) {
      try {
        ZoneId.of(request.timeZone());
      } catch (DateTimeException e) {
        throw ApiException.invalidField(
            "field 'timeZone' is not a time zone id (e.g. UTC, Europe/Paris)");
      }
    }
    if (directors.findByName(request.name()).isPresent()) {
      throw ApiException.conflict(
          "a Bacula director named '" + request.name() + "' already exists");
    }
    return new BaculaDirectorRow(
        UUID.randomUUID(),
        request.name(),
        request.mode(),
        request.bconsoleConfig(),
        request.sshHost(),
        request.sshPort() == null ? 22 : request.sshPort(),
        request.sshHostKey(),
        request.credentialId(),
        request.timeZone(),
        request.importIntervalMinutes() == null ? 15 : request.importIntervalMinutes(),
        0,
        true,
        null,
        null,
        null,
        null);
  }

  static boolean isUuid(String text) {
    if (text == null || text.length() != 36) {
      return false;
    }
    try {
      UUID.fromString(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
