package io.safehold.api.dev;

import io.safehold.catalog.CoveAccountDao;
import io.safehold.catalog.CoveAccountRow;
import io.safehold.testbed.cove.CoveDemoTenant;
import io.safehold.testbed.cove.CoveEmulator;
import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The demo Cove tenant of {@code dev}: the Cove emulator on a loopback port with {@link
 * CoveDemoTenant}'s devices (one completed, one with errors, one stale, one running, one never
 * backed up), registered as the Cove account {@value #ACCOUNT}. The API starts its polling loop, so
 * the devices show as assets and their sessions as runs within seconds of start-up. The emulator
 * keeps its state in memory: each start seeds the tenant again, relative to now.
 */
final class DemoCove {

  static final String ACCOUNT = "demo-cove";

  private DemoCove() {}

  static CoveEmulator start(String password) {
    CoveEmulator emulator = CoveEmulator.start();
    CoveDemoTenant.seed(emulator, password, Instant.now());
    return emulator;
  }

  /** Registers the account on first start; later starts follow the emulator's new port. */
  static void register(Jdbi jdbi, UUID credentialId, CoveEmulator emulator) {
    CoveAccountDao accounts = jdbi.onDemand(CoveAccountDao.class);
    String url = emulator.endpoint().toString();
    accounts
        .findByName(ACCOUNT)
        .ifPresentOrElse(
            row -> accounts.updateApiUrl(row.id(), url),
            () ->
                accounts.insert(
                    new CoveAccountRow(
                        UUID.randomUUID(),
                        ACCOUNT,
                        url,
                        CoveDemoTenant.PARTNER,
                        credentialId,
                        900,
                        2,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        0)));
  }
}
