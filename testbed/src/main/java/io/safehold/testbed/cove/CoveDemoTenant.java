package io.safehold.testbed.cove;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The demo MSP tenant the dev stack shows: a handful of devices in the states an operator meets, so
 * the Cove import and the awareness alerts have something to show at once.
 *
 * <ul>
 *   <li>{@code demo-fileserver}: nightly backups, last one completed 6 hours ago;
 *   <li>{@code demo-sql}: last night completed with errors;
 *   <li>{@code demo-laptop}: last session failed, last success 5 days ago (stale);
 *   <li>{@code demo-workstation}: a session in process right now;
 *   <li>{@code demo-new}: installed, never backed up.
 * </ul>
 */
public final class CoveDemoTenant {

  public static final String PARTNER = "Safehold Demo MSP";
  public static final String USERNAME = "api@demo.safehold.local";

  private CoveDemoTenant() {}

  /**
   * Adds the demo tenant, which logs in with {@code password} (the caller generates and keeps it, as
   * {@code dev} does for the demo switch), and its devices, with session times relative to {@code now}.
   */
  public static CoveTenant seed(CoveEmulator emulator, String password, Instant now) {
    CoveTenant tenant = emulator.addTenant(PARTNER, USERNAME, password);
    Instant lastNight = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(6));

    long fileServer = emulator.addDevice(tenant, "demo-fileserver", "FS01");
    for (int daysAgo = 3; daysAgo >= 0; daysAgo--) {
      emulator.appendSession(
          fileServer,
          CoveBackupSession.completed(
              lastNight.minus(Duration.ofDays(daysAgo)), Duration.ofMinutes(42)));
    }

    long sql = emulator.addDevice(tenant, "demo-sql", "SQL01");
    emulator.appendSession(
        sql,
        CoveBackupSession.completed(lastNight.minus(Duration.ofDays(1)), Duration.ofMinutes(9)));
    emulator.appendSession(sql, new CoveBackupSession(8, lastNight, Duration.ofMinutes(11), 4));

    long laptop = emulator.addDevice(tenant, "demo-laptop", "LT-0042");
    emulator.appendSession(
        laptop,
        CoveBackupSession.completed(lastNight.minus(Duration.ofDays(5)), Duration.ofMinutes(15)));
    emulator.appendSession(laptop, new CoveBackupSession(2, lastNight, Duration.ofMinutes(2), 1));

    long workstation = emulator.addDevice(tenant, "demo-workstation", "WS-0007");
    emulator.appendSession(
        workstation,
        CoveBackupSession.completed(lastNight.minus(Duration.ofDays(1)), Duration.ofMinutes(20)));
    emulator.appendSession(
        workstation,
        new CoveBackupSession(1, now.minus(Duration.ofMinutes(10)), Duration.ofMinutes(10), 0));

    emulator.addDevice(tenant, "demo-new", "NEW-0001");
    return tenant;
  }
}
