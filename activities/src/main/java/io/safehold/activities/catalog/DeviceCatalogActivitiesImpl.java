package io.safehold.activities.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.safehold.catalog.ArtifactRow;
import io.safehold.catalog.AwarenessDao;
import io.safehold.catalog.ConfigVersionDao;
import io.safehold.catalog.ConfigVersionRow;
import io.safehold.catalog.DeviceDao;
import io.safehold.catalog.RunDao;
import io.safehold.catalog.RunRow;
import io.safehold.workflows.netdevice.CapturedConfig;
import io.safehold.workflows.netdevice.ConfigVersionRef;
import io.safehold.workflows.netdevice.DeviceBackupResult;
import io.safehold.workflows.netdevice.DeviceCatalogActivities;
import io.safehold.workflows.netdevice.DeviceFacts;
import io.safehold.workflows.netdevice.NetDeviceActivities;
import io.safehold.workflows.run.RunStatus;
import io.safehold.workflows.run.StoredObject;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The catalog side of a device backup: run state and config versions, one transaction per call.
 * An unknown device fails non-retryably with type {@value NetDeviceActivities#DEVICE_NOT_FOUND}, an
 * unknown run with {@value RunActivitiesImpl#RUN_NOT_FOUND}.
 */
public final class DeviceCatalogActivitiesImpl implements DeviceCatalogActivities {

  /** Failure type: the captured config cannot be recorded as a version (nothing was stored). */
  public static final String NOTHING_STORED = "NothingStored";

  /** The run's phase while the device is being read. */
  public static final String CONNECT_PHASE = "connect";

  private final Jdbi jdbi;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  public DeviceCatalogActivitiesImpl(Jdbi jdbi) {
    this(jdbi, Clock.systemUTC());
  }

  DeviceCatalogActivitiesImpl(Jdbi jdbi, Clock clock) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public ConfigVersionRef beginBackup(String runId, String temporalRunId, String deviceId) {
    UUID run = CatalogIds.parse(runId, "run", RunActivitiesImpl.RUN_NOT_FOUND);
    UUID device = CatalogIds.parse(deviceId, "device", NetDeviceActivities.DEVICE_NOT_FOUND);
    return jdbi.inTransaction(
        h -> {
          RunDao runs = h.attach(RunDao.class);
          if (runs.find(run).isEmpty()) {
            throw CatalogIds.runNotFound(run);
          }
          if (h.attach(DeviceDao.class).find(device).isEmpty()) {
            throw deviceNotFound(device);
          }
          runs.markRunning(run, temporalRunId);
          runs.setPhase(run, CONNECT_PHASE);
          return h.attach(ConfigVersionDao.class)
              .latest(device)
              .map(DeviceCatalogActivitiesImpl::ref)
              .orElse(null);
        });
  }

  @Override
  public DeviceBackupResult completeBackup(
      String runId, String deviceId, CapturedConfig captured, ConfigVersionRef previous) {
    UUID run = CatalogIds.parse(runId, "run", RunActivitiesImpl.RUN_NOT_FOUND);
    UUID device = CatalogIds.parse(deviceId, "device", NetDeviceActivities.DEVICE_NOT_FOUND);
    if (captured == null || (captured.unchanged() && previous == null)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "run "
              + run
              + " stored no config and device "
              + device
              + " has no earlier version, so there is nothing to record",
          NOTHING_STORED);
    }
    boolean unchanged = captured.unchanged();
    DeviceFacts facts = captured.facts();
    ConfigVersionRow candidate = unchanged ? null : versionRow(run, device, captured);
    return jdbi.inTransaction(
        h -> {
          RunDao runs = h.attach(RunDao.class);
          RunRow row = runs.find(run).orElseThrow(() -> CatalogIds.runNotFound(run));
          if (h.attach(DeviceDao.class).find(device).isEmpty()) {
            throw deviceNotFound(device);
          }
          // Recording is idempotent per run, so a retry finds the version the first attempt made.
          ConfigVersionRef version =
              unchanged ? previous : ref(h.attach(ConfigVersionDao.class).recordNext(candidate));
          StoredObject artifact =
              unchanged
                  ? new StoredObject(previous.objectKey(), previous.size(), previous.sha256())
                  : captured.stored();
          if (!RunStatus.valueOf(row.status()).isTerminal()) {
            String message =
                unchanged
                    ? "Config unchanged since version " + version.version() + "."
                    : "Stored version " + version.version() + " (" + artifact.size() + " bytes).";
            runs.insertEvent(run, unchanged ? "info" : "success", message);
            runs.finish(
                run,
                RunStatus.COMPLETED.name(),
                null,
                unchanged ? 0 : artifact.size(),
                resultJson(version.version(), unchanged, facts));
            runs.insertArtifacts(
                List.of(new ArtifactRow(run, artifact.key(), artifact.size(), artifact.sha256())));
            h.attach(AwarenessDao.class).clearAfterBackup(run);
          }
          return new DeviceBackupResult(
              runId,
              RunStatus.COMPLETED,
              version.version(),
              unchanged,
              artifact.key(),
              artifact.sha256(),
              null);
        });
  }

  private ConfigVersionRow versionRow(UUID run, UUID device, CapturedConfig captured) {
    StoredObject stored = captured.stored();
    DeviceFacts facts = captured.facts();
    // PostgreSQL keeps microseconds; cutting here makes the value we write the value we read back.
    Instant capturedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
    return new ConfigVersionRow(
        device,
        0,
        run,
        stored.key(),
        stored.size(),
        stored.sha256(),
        facts == null ? null : facts.hostname(),
        factsJson(facts),
        capturedAt);
  }

  /** The run's kind-specific result: the version and what the device reported about itself. */
  private String resultJson(int version, boolean unchanged, DeviceFacts facts) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("configVersion", version);
    result.put("unchanged", unchanged);
    result.put("hostname", facts == null ? null : facts.hostname());
    result.put("model", facts == null ? null : facts.model());
    result.put("osVersion", facts == null ? null : facts.osVersion());
    result.put("serial", facts == null ? null : facts.serial());
    try {
      return json.writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a device backup result could not be written as JSON", e);
    }
  }

  private String factsJson(DeviceFacts facts) {
    if (facts == null) {
      return "{}";
    }
    try {
      return json.writeValueAsString(facts);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("device facts could not be written as JSON", e);
    }
  }

  private static ConfigVersionRef ref(ConfigVersionRow row) {
    return new ConfigVersionRef(row.version(), row.objectKey(), row.size(), row.sha256());
  }

  private static ApplicationFailure deviceNotFound(UUID device) {
    return ApplicationFailure.newNonRetryableFailure(
        "device " + device + " does not exist in the catalog",
        NetDeviceActivities.DEVICE_NOT_FOUND);
  }
}
