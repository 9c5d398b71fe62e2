package io.safehold.activities.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.safehold.catalog.ConfigVersionDao;
import io.safehold.catalog.ConfigVersionRow;
import io.safehold.catalog.DeviceDao;
import io.safehold.catalog.RunDao;
import io.safehold.workflows.netdevice.CapturedConfig;
import io.safehold.workflows.netdevice.ConfigVersionRef;
import io.safehold.workflows.netdevice.DeviceCatalogActivities;
import io.safehold.workflows.netdevice.DeviceFacts;
import io.safehold.workflows.netdevice.NetDeviceActivities;
import io.safehold.workflows.run.StoredObject;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Device config versions in the catalog. An unknown device fails non-retryably with type {@value
 * NetDeviceActivities#DEVICE_NOT_FOUND}, an unknown run with {@value
 * RunActivitiesImpl#RUN_NOT_FOUND}.
 */
public final class DeviceCatalogActivitiesImpl implements DeviceCatalogActivities {

  /** Failure type: the captured config cannot be recorded as a version (nothing was stored). */
  public static final String NOTHING_STORED = "NothingStored";

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
  public ConfigVersionRef latestConfig(String deviceId) {
    UUID device = CatalogIds.parse(deviceId, "device", NetDeviceActivities.DEVICE_NOT_FOUND);
    return jdbi.inTransaction(
        h -> {
          if (h.attach(DeviceDao.class).find(device).isEmpty()) {
            throw deviceNotFound(device);
          }
          return h.attach(ConfigVersionDao.class)
              .latest(device)
              .map(DeviceCatalogActivitiesImpl::ref)
              .orElse(null);
        });
  }

  @Override
  public ConfigVersionRef recordNewVersion(String runId, String deviceId, CapturedConfig captured) {
    UUID run = CatalogIds.parse(runId, "run", RunActivitiesImpl.RUN_NOT_FOUND);
    UUID device = CatalogIds.parse(deviceId, "device", NetDeviceActivities.DEVICE_NOT_FOUND);
    if (captured == null || captured.stored() == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "run "
              + run
              + " stored no config, so there is no new version to record for device "
              + device,
          NOTHING_STORED);
    }
    StoredObject stored = captured.stored();
    DeviceFacts facts = captured.facts();
    String factsJson = factsJson(facts);
    // PostgreSQL keeps microseconds; cutting here makes the value we write the value we read back.
    Instant capturedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
    ConfigVersionRow row =
        new ConfigVersionRow(
            device,
            0,
            run,
            stored.key(),
            stored.size(),
            stored.sha256(),
            facts == null ? null : facts.hostname(),
            factsJson,
            capturedAt);
    return jdbi.inTransaction(
        h -> {
          if (h.attach(RunDao.class).find(run).isEmpty()) {
            throw CatalogIds.runNotFound(run);
          }
          if (h.attach(DeviceDao.class).find(device).isEmpty()) {
            throw deviceNotFound(device);
          }
          return ref(h.attach(ConfigVersionDao.class).recordNext(row));
        });
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
