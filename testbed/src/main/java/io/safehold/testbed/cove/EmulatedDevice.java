package io.safehold.testbed.cove;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A device (a Cove backup account) and its session history, oldest first. */
final class EmulatedDevice {

  final long accountId;
  final long partnerId;
  final String deviceName;
  final String computerName;
  final List<CoveBackupSession> sessions = new ArrayList<>();

  /** Raw column values that replace the computed ones, for clients that must survive odd data. */
  final Map<String, String> overrides = new HashMap<>();

  EmulatedDevice(long accountId, long partnerId, String deviceName, String computerName) {
    this.accountId = accountId;
    this.partnerId = partnerId;
    this.deviceName = deviceName;
    this.computerName = computerName;
  }

  CoveBackupSession lastSession() {
    return sessions.isEmpty() ? null : sessions.get(sessions.size() - 1);
  }

  CoveBackupSession lastWhere(Predicate<CoveBackupSession> test) {
    for (int i = sessions.size() - 1; i >= 0; i--) {
      if (test.test(sessions.get(i))) {
        return sessions.get(i);
      }
    }
    return null;
  }
}
