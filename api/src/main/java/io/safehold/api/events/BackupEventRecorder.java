package io.safehold.api.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.safehold.catalog.AssetDao;
import io.safehold.catalog.AssetRow;
import io.safehold.catalog.BackupEventDao;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.RunRow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Applies a backup event reported by another tool to the catalog, in one transaction per event:
 *
 * <ul>
 *   <li>{@code started} opens a RUNNING run (source {@value BackupEventDao#SOURCE}, kind {@code
 *       backup}) of the asset and scope;
 *   <li>{@code completed} / {@code failed} closes the run the event names by {@code runId}, or else
 *       the newest open event run of the asset and scope, as COMPLETED / FAILED at the event's
 *       time; with no open run it records an already finished run.
 * </ul>
 *
 * A replayed event changes nothing and answers with the same run: an event that carries a {@code
 * runId} or an {@code at} is remembered by a hash of (asset, scope, status, runId, at). An event
 * with neither cannot be told from a new one.
 */
public final class BackupEventRecorder {

  /** The kind and system of assets first seen in an event. */
  public static final String ASSET_KIND = "external";

  public static final String ASSET_SYSTEM = "event";

  /** A validated event. {@code runId} and {@code at} may be null ({@code at}: now). */
  public record BackupEvent(
      String asset,
      String scope,
      EventStatus status,
      String message,
      String host,
      String logPath,
      Instant at,
      String runId) {}

  /** What an event may report. */
  public enum EventStatus {
    STARTED,
    COMPLETED,
    FAILED
  }

  /**
   * What applying did: {@code created} when a run was opened or recorded, {@code replayed} when the
   * same event had been applied before (nothing changed).
   */
  public record Applied(RunRow run, boolean created, boolean replayed) {}

  private final Jdbi jdbi;
  private final ObjectMapper json = new ObjectMapper();

  public BackupEventRecorder(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Finds or creates the event asset of this name. */
  public AssetRow asset(String name) {
    return jdbi.onDemand(AssetDao.class)
        .ensure(
            List.of(new AssetDao.NewAsset(UUID.randomUUID(), ASSET_KIND, name, ASSET_SYSTEM, name)))
        .get(0);
  }

  /** The event asset of this name, if one exists. */
  public Optional<AssetRow> existingAsset(String name) {
    return jdbi.onDemand(AssetDao.class).findExternal(ASSET_SYSTEM, List.of(name)).stream()
        .findFirst();
  }

  /** Applies the event to the asset (from {@link #asset}); {@code now} stands in for a null at. */
  public Applied apply(AssetRow asset, BackupEvent event, Instant now) {
    Instant at = event.at() == null ? now : event.at();
    String key = eventKey(event);
    return jdbi.inTransaction(
        h -> {
          BackupEventDao events = h.attach(BackupEventDao.class);
          RunDao runs = h.attach(RunDao.class);
          events.lockAsset(asset.id());
          if (key != null) {
            Optional<UUID> applied = events.appliedEvent(key);
            if (applied.isPresent()) {
              return new Applied(runs.find(applied.get()).orElseThrow(), false, true);
            }
          }
          Applied applied = apply(asset, event, at, events, runs);
          if (key != null) {
            events.recordApplied(key, applied.run().id());
          }
          return applied;
        });
  }

  private Applied apply(
      AssetRow asset, BackupEvent event, Instant at, BackupEventDao events, RunDao runs) {
    String externalId =
        event.runId() == null ? null : externalId(asset, event.scope(), event.runId());
    Optional<RunRow> named =
        externalId == null
            ? Optional.empty()
            : runs.findExternal(BackupEventDao.SOURCE, externalId);
    if (event.status() == EventStatus.STARTED) {
      if (named.isPresent()) {
        return new Applied(named.get(), false, false); // known already, maybe finished
      }
      return insert(asset, event, at, externalId, "RUNNING", runs);
    }
    String status = event.status() == EventStatus.COMPLETED ? "COMPLETED" : "FAILED";
    Optional<RunRow> open =
        event.runId() == null ? events.newestOpenRun(asset.id(), event.scope()) : named;
    if (open.isPresent() && "RUNNING".equals(open.get().status())) {
      RunRow run = open.get();
      events.close(
          run.id(),
          status,
          event.status() == EventStatus.FAILED ? error(event) : null,
          resultJson(event),
          at);
      runs.insertEvents(List.of(runEvent(run.id(), event, at)));
      return new Applied(runs.find(run.id()).orElseThrow(), false, false);
    }
    if (open.isPresent()) {
      return new Applied(open.get(), false, false); // closed before: keep its first outcome
    }
    return insert(asset, event, at, externalId, status, runs);
  }

  private Applied insert(
      AssetRow asset,
      BackupEvent event,
      Instant at,
      String externalId,
      String status,
      RunDao runs) {
    UUID id = UUID.randomUUID();
    boolean running = "RUNNING".equals(status);
    runs.insertImported(
        List.of(
            new RunDao.ImportedRun(
                id,
                "backup",
                asset.id(),
                event.scope(),
                status,
                BackupEventDao.SOURCE,
                externalId == null ? externalId(asset, event.scope(), id.toString()) : externalId,
                0,
                "FAILED".equals(status) ? error(event) : null,
                resultJson(event),
                at,
                running ? null : at)));
    runs.insertEvents(List.of(runEvent(id, event, at)));
    return new Applied(runs.find(id).orElseThrow(), true, false);
  }

  private static RunDao.NewRunEvent runEvent(UUID runId, BackupEvent event, Instant at) {
    String type =
        switch (event.status()) {
          case STARTED -> "info";
          case COMPLETED -> "success";
          case FAILED -> "failure";
        };
    StringBuilder text = new StringBuilder("Reported ").append(event.status().name().toLowerCase());
    if (event.host() != null) {
      text.append(" from ").append(event.host());
    }
    text.append(event.message() == null ? "." : ": " + event.message());
    if (event.logPath() != null) {
      text.append(" (log: ").append(event.logPath()).append(')');
    }
    return new RunDao.NewRunEvent(runId, type, text.toString(), at);
  }

  private static String error(BackupEvent event) {
    return event.message() == null ? "The reporting tool said the backup failed." : event.message();
  }

  private String resultJson(BackupEvent event) {
    Map<String, Object> result = new LinkedHashMap<>();
    if (event.message() != null && event.status() != EventStatus.FAILED) {
      result.put("message", event.message());
    }
    if (event.host() != null) {
      result.put("host", event.host());
    }
    if (event.logPath() != null) {
      result.put("logPath", event.logPath());
    }
    if (event.runId() != null) {
      result.put("reportedRunId", event.runId());
    }
    try {
      return result.isEmpty() ? null : json.writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serialises", e);
    }
  }

  /** Unique per source: the asset's id, the scope and the tool's own run id. */
  private static String externalId(AssetRow asset, String scope, String runId) {
    return asset.id() + "/" + scope + "/" + runId;
  }

  /** Null when the event carries neither a run id nor a time: then a replay cannot be told. */
  static String eventKey(BackupEvent event) {
    if (event.runId() == null && event.at() == null) {
      return null;
    }
    String identity =
        String.join(
            "\u0000",
            event.asset(),
            event.scope(),
            event.status().name(),
            String.valueOf(event.runId()),
            String.valueOf(event.at()));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
