package io.safehold.api.resources;

import io.safehold.api.auth.AcceptsIngestKey;
import io.safehold.api.auth.ApiKeyFilter;
import io.safehold.api.auth.IngestKeys;
import io.safehold.api.auth.RequiresRole;
import io.safehold.api.auth.Role;
import io.safehold.api.errors.ApiException;
import io.safehold.api.events.BackupEventRecorder;
import io.safehold.api.events.BackupEventRecorder.Applied;
import io.safehold.api.events.BackupEventRecorder.BackupEvent;
import io.safehold.api.events.BackupEventRecorder.EventStatus;
import io.safehold.api.events.EventFields;
import io.safehold.catalog.AssetDao;
import io.safehold.catalog.AssetRow;
import io.safehold.catalog.AwarenessDao;
import io.safehold.catalog.IngestKeyDao;
import io.safehold.catalog.IngestKeyRow;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backup events from any tool (a cron script, oVirt's engine-backup): {@code started} opens a run,
 * {@code completed} or {@code failed} closes it (see {@link BackupEventRecorder}). An operator key
 * may report for any asset; an ingest key only for its own. A completed event clears the asset's
 * awareness alerts at once when their condition no longer holds.
 */
@Path("/api/v1/backup-events")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.OPERATOR)
public final class BackupEventResource {

  private static final Logger LOG = LoggerFactory.getLogger(BackupEventResource.class);

  /** How far ahead of this server's clock an event's {@code at} may be. */
  static final long CLOCK_SLACK_SECONDS = 300;

  /** Body of {@code POST /api/v1/backup-events}; checked field by field in {@link #report}. */
  public record EventRequest(
      String asset,
      String scope,
      String status,
      String message,
      String host,
      String logPath,
      String at,
      String runId) {}

  /** The run an event opened, closed or had already been applied to. */
  public record EventRunView(
      UUID runId,
      UUID assetId,
      String asset,
      String scope,
      String status,
      Instant startedAt,
      Instant finishedAt,
      boolean replayed) {}

  private final BackupEventRecorder recorder;
  private final IngestKeyDao ingestKeys;
  private final AssetDao assets;
  private final AwarenessDao awareness;
  private final AwarenessDao.Defaults defaults;
  private final Clock clock;

  public BackupEventResource(
      BackupEventRecorder recorder,
      IngestKeyDao ingestKeys,
      AssetDao assets,
      AwarenessDao awareness,
      AwarenessDao.Defaults defaults,
      Clock clock) {
    this.recorder = recorder;
    this.ingestKeys = ingestKeys;
    this.assets = assets;
    this.awareness = awareness;
    this.defaults = defaults;
    this.clock = clock;
  }

  /** 201 with the run when the event opened or recorded one, 200 when it closed or replayed one. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @AcceptsIngestKey
  public Response report(
      EventRequest body,
      @Context SecurityContext security,
      @HeaderParam(ApiKeyFilter.HEADER) String apiKey,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    IngestKeyRow ingestKey = null;
    if (ApiKeyFilter.caller(security) == null) {
      ingestKey =
          IngestKeys.authenticate(ingestKeys, apiKey, authorization)
              .orElseThrow(
                  () ->
                      ApiException.unauthenticated(
                          "the key in "
                              + ApiKeyFilter.HEADER
                              + " is neither an API key nor an ingest key, or it was revoked"));
    }
    Instant now = clock.instant();
    BackupEvent event = parse(body, now);
    AssetRow asset;
    if (ingestKey == null) {
      asset = recorder.asset(event.asset());
    } else {
      IngestKeyRow key = ingestKey;
      asset =
          recorder
              .existingAsset(event.asset())
              .filter(a -> a.id().equals(key.assetId()))
              .orElseThrow(() -> wrongAsset(key, event.asset()));
    }
    Applied applied = recorder.apply(asset, event, now);
    if (applied.run().status().startsWith("COMPLETED") && !applied.replayed()) {
      clearResolvedAlerts(asset, now);
    }
    EventRunView view =
        new EventRunView(
            applied.run().id(),
            asset.id(),
            asset.name(),
            applied.run().scope(),
            applied.run().status(),
            applied.run().startedAt(),
            applied.run().finishedAt(),
            applied.replayed());
    return (applied.created()
            ? Response.created(URI.create("/api/v1/runs/" + view.runId()))
            : Response.ok().location(URI.create("/api/v1/runs/" + view.runId())))
        .entity(view)
        .build();
  }

  /** The eager path: the next awareness check would clear them too, later. */
  private void clearResolvedAlerts(AssetRow asset, Instant now) {
    try {
      awareness.check(now, defaults, asset.id(), false);
    } catch (RuntimeException e) {
      LOG.warn(
          "could not clear the awareness alerts of {} at once; the next check will",
          asset.name(),
          e);
    }
  }

  private ApiException wrongAsset(IngestKeyRow key, String asset) {
    String own = assets.find(key.assetId()).map(AssetRow::name).orElse(key.assetId().toString());
    return ApiException.forbidden(
        "the ingest key '"
            + key.name()
            + "' reports for asset '"
            + own
            + "' only, not '"
            + asset
            + "'");
  }

  private static BackupEvent parse(EventRequest body, Instant now) {
    if (body == null) {
      throw ApiException.invalidField("the request needs a JSON body with asset and status");
    }
    String asset = EventFields.assetName("asset", body.asset());
    String scope = EventFields.scope("scope", body.scope());
    if (body.status() == null || body.status().isBlank()) {
      throw ApiException.invalidField("field 'status' is required: started, completed or failed");
    }
    EventStatus status;
    try {
      status = EventStatus.valueOf(body.status().trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidField(
          "field 'status' must be started, completed or failed, not '" + body.status() + "'");
    }
    return new BackupEvent(
        asset,
        scope,
        status,
        EventFields.text("message", body.message(), 4000),
        EventFields.text("host", body.host(), 255),
        EventFields.text("logPath", body.logPath(), 1024),
        EventFields.time("at", body.at(), now, CLOCK_SLACK_SECONDS),
        EventFields.runId("runId", body.runId()));
  }
}
