package io.safehold.api.resources;

import io.safehold.api.auth.IngestKeys;
import io.safehold.api.auth.RequiresRole;
import io.safehold.api.auth.Role;
import io.safehold.api.errors.ApiException;
import io.safehold.api.events.BackupEventRecorder;
import io.safehold.api.events.EventFields;
import io.safehold.catalog.AssetRow;
import io.safehold.catalog.IngestKeyDao;
import io.safehold.catalog.IngestKeyRow;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * Per-asset ingest keys (admin): a key that may only report backup events for one asset, for a
 * script on the host that runs the backup. Creating a key for an asset name not seen yet creates
 * the asset (kind {@code external}, system {@code event}), so the key can be installed before the
 * first event. The key is shown once.
 */
@Path("/api/v1/ingest-keys")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.ADMIN)
public final class IngestKeyResource {

  /** Body of {@code POST /api/v1/ingest-keys}. */
  public record IngestKeyRequest(String asset, String name) {}

  /** A key as listed: never its hash or plaintext. */
  public record IngestKeyView(
      UUID id, UUID assetId, String name, Instant createdAt, Instant revokedAt) {
    static IngestKeyView of(IngestKeyRow row) {
      return new IngestKeyView(
          row.id(), row.assetId(), row.name(), row.createdAt(), row.revokedAt());
    }
  }

  /** A created key: {@code key} is the plaintext, shown only here. */
  public record CreatedIngestKeyView(
      UUID id, UUID assetId, String asset, String name, String key) {}

  private final IngestKeyDao keys;
  private final BackupEventRecorder recorder;

  public IngestKeyResource(IngestKeyDao keys, BackupEventRecorder recorder) {
    this.keys = keys;
    this.recorder = recorder;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(IngestKeyRequest request) {
    if (request == null) {
      throw ApiException.invalidField("the request needs a JSON body with asset and name");
    }
    String assetName = EventFields.assetName("asset", request.asset());
    String name = EventFields.text("name", request.name(), 100);
    if (name == null) {
      throw ApiException.invalidField("field 'name' is required");
    }
    AssetRow asset = recorder.asset(assetName);
    IngestKeys.CreatedIngestKey created = IngestKeys.create(keys, asset.id(), name);
    return Response.created(URI.create("/api/v1/ingest-keys/" + created.id()))
        .entity(
            new CreatedIngestKeyView(
                created.id(), asset.id(), asset.name(), created.name(), created.key()))
        .build();
  }

  /** Every key, or those of one asset ({@code ?assetId=}). */
  @GET
  public Items<IngestKeyView> list(@QueryParam("assetId") String assetId) {
    UUID asset = null;
    if (assetId != null && !assetId.isBlank()) {
      asset =
          Ids.tryParse(assetId.trim())
              .orElseThrow(
                  () -> ApiException.invalidField("query parameter 'assetId' must be a UUID"));
    }
    return new Items<>(keys.list(asset).stream().map(IngestKeyView::of).toList());
  }

  @DELETE
  @Path("{id}")
  public Response revoke(@PathParam("id") String id) {
    UUID keyId = Ids.parse(id, "ingest key");
    IngestKeyRow row =
        keys.find(keyId).orElseThrow(() -> ApiException.notFound("no ingest key with id " + id));
    if (!keys.revoke(keyId)) {
      throw ApiException.conflict("ingest key '" + row.name() + "' is already revoked");
    }
    return Response.noContent().build();
  }
}
