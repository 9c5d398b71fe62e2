package io.safehold.testbed.cove;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The column codes of {@code EnumerateAccountStatistics} the emulator knows, and how each is
 * computed from a device's sessions. D9 is the all-data-sources total; times are unix seconds; a
 * column without a value (a device that never ran) is the empty string.
 */
final class StatisticsColumns {

  static final List<String> KNOWN =
      List.of("I1", "I18", "D9F00", "D9F06", "D9F09", "D9F12", "D9F15", "D9F17", "D9F18");

  /** Data source numbers written with a leading zero (D02F00, D03F00): the legacy notation. */
  private static final Pattern LEGACY_DATA_SOURCE = Pattern.compile("D0\\d+F\\d+");

  private StatisticsColumns() {}

  /**
   * @throws RpcError for a legacy or unknown code, as the real API refuses them
   */
  static void check(String code) throws RpcError {
    if (LEGACY_DATA_SOURCE.matcher(code).matches()) {
      throw new RpcError(
          RpcError.INVALID_PARAMS,
          "Column '"
              + code
              + "' uses the legacy data source notation; write the data source without a"
              + " leading zero (e.g. D2F00)");
    }
    if (!KNOWN.contains(code)) {
      throw new RpcError(RpcError.INVALID_PARAMS, "Unknown column '" + code + "'");
    }
  }

  static String value(EmulatedDevice device, String code) {
    String override = device.overrides.get(code);
    if (override != null) {
      return override;
    }
    CoveBackupSession last = device.lastSession();
    CoveBackupSession lastSuccessful = device.lastWhere(session -> session.status() == 5);
    CoveBackupSession lastFinished = device.lastWhere(session -> !session.inProgress());
    switch (code) {
      case "I1":
        return device.deviceName;
      case "I18":
        return device.computerName;
      case "D9F00":
        return last == null ? "" : Integer.toString(last.status());
      case "D9F06":
        return last == null ? "" : Integer.toString(last.errorCount());
      case "D9F09":
        return epochSeconds(lastSuccessful);
      case "D9F12":
        return last == null ? "" : Long.toString(last.duration().toSeconds());
      case "D9F15":
        return epochSeconds(last);
      case "D9F17":
        return lastFinished == null ? "" : Integer.toString(lastFinished.status());
      case "D9F18":
        return epochSeconds(lastFinished);
      default:
        throw new IllegalArgumentException("not a known column: " + code);
    }
  }

  private static String epochSeconds(CoveBackupSession session) {
    return session == null ? "" : Long.toString(session.startedAt().getEpochSecond());
  }
}
