package io.safehold.activities.cove;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safehold.catalog.AssetDao;
import io.safehold.catalog.AssetRow;
import io.safehold.catalog.CoveAccountDao;
import io.safehold.catalog.RunDao;
import io.safehold.workflows.run.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Writes one page of Cove devices into the catalog in one transaction: an asset for each device not
 * seen before (kind {@value #ASSET_KIND}, system {@value #SYSTEM}, external id {@code
 * <partnerId>:<accountId>}), and up to three sessions per device as imported runs (source {@value
 * #SOURCE}): the last session, the last one that ended, and the last successful one, each once.
 * Runs already imported are not written again, except that a run imported while its session ran
 * gets the session's end. Not thread-safe: one writer per cycle.
 */
final class CovePageWriter {

  static final String ASSET_KIND = "cove-device";
  static final String SYSTEM = "cove";
  static final String SOURCE = "import:cove";
  static final String RUN_KIND = "backup";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Tries at creating a page's missing assets; each waits out one concurrent import. */
  private static final int ASSET_ATTEMPTS = 3;

  private final Jdbi jdbi;
  private int newDevices;
  private int sessionsSeen;
  private int runsInserted;
  private int runsSettled;

  CovePageWriter(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** The asset external id of a device: {@code <partnerId>:<accountId>}. */
  static String deviceExternalId(long partnerId, long accountId) {
    return partnerId + ":" + accountId;
  }

  void write(List<CoveDeviceStatistics> devices) {
    jdbi.useTransaction(
        handle -> {
          Map<Long, UUID> assetIds = ensureAssets(handle.attach(AssetDao.class), devices);
          List<RunDao.ImportedRun> runs = new ArrayList<>();
          for (CoveDeviceStatistics device : devices) {
            for (CoveSessionSummary session : sessions(device)) {
              runs.add(run(device, session, assetIds.get(device.accountId())));
            }
          }
          sessionsSeen += runs.size();
          if (runs.isEmpty()) {
            return;
          }
          boolean[] inserted = handle.attach(RunDao.class).insertImported(runs);
          List<CoveAccountDao.SessionEnd> ends = new ArrayList<>();
          for (int i = 0; i < runs.size(); i++) {
            RunDao.ImportedRun run = runs.get(i);
            if (inserted[i]) {
              runsInserted++;
            } else if (run.finishedAt() != null) {
              ends.add(
                  new CoveAccountDao.SessionEnd(
                      SOURCE, run.externalId(), run.status(), run.error(), run.finishedAt()));
            }
          }
          if (!ends.isEmpty()) {
            for (boolean settled : handle.attach(CoveAccountDao.class).settleSessions(ends)) {
              runsSettled += settled ? 1 : 0;
            }
          }
        });
  }

  int newDevices() {
    return newDevices;
  }

  int sessionsSeen() {
    return sessionsSeen;
  }

  int runsInserted() {
    return runsInserted;
  }

  int runsSettled() {
    return runsSettled;
  }

  /** Finds the devices' assets, creating the missing ones; device account id to asset id. */
  private Map<Long, UUID> ensureAssets(AssetDao assets, List<CoveDeviceStatistics> devices) {
    Map<String, CoveDeviceStatistics> byExternalId = new LinkedHashMap<>();
    for (CoveDeviceStatistics device : devices) {
      byExternalId.put(deviceExternalId(device.partnerId(), device.accountId()), device);
    }
    Map<Long, UUID> ids = new HashMap<>();
    for (AssetRow row : assets.findExternal(SYSTEM, List.copyOf(byExternalId.keySet()))) {
      ids.put(byExternalId.get(row.externalId()).accountId(), row.id());
    }
    List<AssetDao.NewAsset> missing = new ArrayList<>();
    for (Map.Entry<String, CoveDeviceStatistics> entry : byExternalId.entrySet()) {
      if (!ids.containsKey(entry.getValue().accountId())) {
        missing.add(
            new AssetDao.NewAsset(
                UUID.randomUUID(),
                ASSET_KIND,
                entry.getValue().displayName(),
                SYSTEM,
                entry.getKey()));
      }
    }
    newDevices += missing.size();
    // Another tenant's import may be creating a device of the same name in a transaction not
    // committed yet: our insert waits for it, then yields to its name. Asking again (a new
    // statement sees the committed name) gives ours the external id as suffix.
    for (int attempt = 1; !missing.isEmpty(); attempt++) {
      List<AssetRow> rows = assets.ensure(missing);
      List<AssetDao.NewAsset> stillMissing = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        if (rows.get(i) == null) {
          stillMissing.add(missing.get(i));
        } else {
          ids.put(byExternalId.get(rows.get(i).externalId()).accountId(), rows.get(i).id());
        }
      }
      if (!stillMissing.isEmpty() && attempt == ASSET_ATTEMPTS) {
        throw new IllegalStateException(
            "Could not create the catalog assets of "
                + stillMissing.size()
                + " Cove device(s), e.g. "
                + stillMissing.get(0).name()
                + " ("
                + stillMissing.get(0).externalId()
                + "); the cycle is retried");
      }
      missing = stillMissing;
    }
    return ids;
  }

  /**
   * The sessions a device's statistics tell of, each once by session time: the last session, the
   * last that ended (when another one runs now), and the last successful one (D9F09, status 5), so
   * a device whose recent sessions failed still shows when it was last backed up.
   */
  static List<CoveSessionSummary> sessions(CoveDeviceStatistics device) {
    Map<Instant, CoveSessionSummary> byTime = new LinkedHashMap<>();
    device.lastSession().ifPresent(s -> byTime.putIfAbsent(s.sessionTime(), s));
    device.lastCompletedSession().ifPresent(s -> byTime.putIfAbsent(s.sessionTime(), s));
    Instant lastGood = device.lastSuccessfulSessionTime();
    if (lastGood != null) {
      byTime.putIfAbsent(
          lastGood,
          new CoveSessionSummary(
              CoveDeviceStatistics.sessionExternalId(
                  device.partnerId(), device.accountId(), lastGood),
              device.accountId(),
              lastGood,
              CoveSessionStatus.COMPLETED.code(),
              CoveSessionStatus.COMPLETED));
    }
    return List.copyOf(byTime.values());
  }

  private static RunDao.ImportedRun run(
      CoveDeviceStatistics device, CoveSessionSummary session, UUID assetId) {
    RunStatus status = session.runStatus();
    boolean last = session.sessionTime().equals(device.lastSessionTime());
    Instant finishedAt = null;
    if (status != RunStatus.RUNNING) {
      // Cove reports the duration of the last session only; an earlier one ends at its start.
      finishedAt =
          last && device.lastSessionDuration() != null
              ? session.sessionTime().plus(device.lastSessionDuration())
              : session.sessionTime();
    }
    Integer errors = last ? device.errorCount() : null;
    ObjectNode result = JSON.createObjectNode();
    result.put("coveStatus", session.statusCode());
    result.put("coveStatusLabel", session.status().label());
    result.put("coveDeviceId", device.accountId());
    result.put("covePartnerId", device.partnerId());
    if (errors != null) {
      result.put("errors", errors);
    }
    return new RunDao.ImportedRun(
        UUID.randomUUID(),
        RUN_KIND,
        assetId,
        "",
        status.name(),
        SOURCE,
        session.externalId(),
        0,
        error(device, session, status, errors),
        result.toString(),
        session.sessionTime(),
        finishedAt);
  }

  private static String error(
      CoveDeviceStatistics device, CoveSessionSummary session, RunStatus status, Integer errors) {
    if (status != RunStatus.FAILED && status != RunStatus.COMPLETED_WITH_WARNINGS) {
      return null;
    }
    String count = errors == null || errors == 0 ? "" : ", " + errors + " error(s)";
    return "Cove session of "
        + device.displayName()
        + " "
        + session.status().label()
        + " (status "
        + session.statusCode()
        + count
        + "); see the device in Cove's console";
  }
}
