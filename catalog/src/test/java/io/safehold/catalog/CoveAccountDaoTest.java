package io.safehold.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.catalog.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CoveAccountDaoTest {

  private Jdbi jdbi;
  private CoveAccountDao accounts;
  private UUID credential;

  @BeforeEach
  void setUp() {
    jdbi = TestDatabase.get().fresh().jdbi();
    accounts = jdbi.onDemand(CoveAccountDao.class);
    credential = UUID.randomUUID();
    jdbi.onDemand(CredentialDao.class)
        .insert(
            new CredentialRow(credential, "cove", "password", "api@x", new byte[] {1}, null, null));
  }

  private CoveAccountRow account(String name) {
    CoveAccountRow row =
        new CoveAccountRow(
            UUID.randomUUID(),
            name,
            "https://api.backup.management/jsonapi",
            "Acme MSP",
            credential,
            900,
            2.0,
            null,
            null,
            null,
            null,
            null,
            null,
            0);
    accounts.insert(row);
    return accounts.find(row.id()).orElseThrow();
  }

  @Test
  void aNewAccountHasNoHealthUntilItsFirstCycle() {
    CoveAccountRow row = account("acme");

    assertThat(row.healthy()).isNull();
    assertThat(row.lastPollAt()).isNull();
    assertThat(row.pollCount()).isZero();
    assertThat(accounts.findByName("acme"))
        .get()
        .extracting(CoveAccountRow::id)
        .isEqualTo(row.id());
    assertThat(accounts.listByCredential(credential))
        .extracting(CoveAccountRow::name)
        .containsExactly("acme");
  }

  @Test
  void failedAttemptsMarkUnhealthyAndOnlyAnEndedCycleCounts() {
    CoveAccountRow row = account("acme");
    accounts.recordCycle(row.id(), 5001, "{\"devices\": 3}", null);

    accounts.recordFailure(row.id(), "Cove API answered HTTP 500", false);
    CoveAccountRow retrying = accounts.find(row.id()).orElseThrow();
    accounts.recordFailure(row.id(), "Cove API answered HTTP 500", true);
    CoveAccountRow failed = accounts.find(row.id()).orElseThrow();

    assertThat(retrying.healthy()).isFalse();
    assertThat(retrying.pollCount()).isEqualTo(1);
    assertThat(failed.pollCount()).isEqualTo(2);
    assertThat(failed.lastError()).contains("HTTP 500");
    assertThat(failed.lastPollStatsJson()).contains("\"devices\": 3");
    assertThat(failed.partnerId()).isEqualTo(5001L);

    accounts.recordCycle(row.id(), 5001, "{\"devices\": 4}", null);
    CoveAccountRow healed = accounts.find(row.id()).orElseThrow();
    assertThat(healed.healthy()).isTrue();
    assertThat(healed.lastError()).isNull();
  }

  @Test
  void settlingMovesOnlyRunningImportedRuns() {
    RunDao runs = jdbi.onDemand(RunDao.class);
    Instant start = Instant.parse("2026-11-16T01:00:00Z");
    runs.insertImported(
        List.of(
            imported("5001:1:100", "RUNNING", start), imported("5001:2:100", "COMPLETED", start)));

    boolean[] changed =
        accounts.settleSessions(
            List.of(
                new CoveAccountDao.SessionEnd(
                    "import:cove", "5001:1:100", "FAILED", "failed", start.plusSeconds(60)),
                new CoveAccountDao.SessionEnd(
                    "import:cove", "5001:2:100", "FAILED", "failed", start.plusSeconds(60)),
                new CoveAccountDao.SessionEnd("import:cove", "5001:1:100", "RUNNING", null, null)));

    assertThat(changed).containsExactly(true, false, false);
    RunRow settled = runs.findExternal("import:cove", "5001:1:100").orElseThrow();
    assertThat(settled.status()).isEqualTo("FAILED");
    assertThat(settled.finishedAt()).isEqualTo(start.plusSeconds(60));
    assertThat(runs.findExternal("import:cove", "5001:2:100").orElseThrow().status())
        .isEqualTo("COMPLETED");
  }

  private static RunDao.ImportedRun imported(String externalId, String status, Instant start) {
    return new RunDao.ImportedRun(
        UUID.randomUUID(),
        "backup",
        null,
        "",
        status,
        "import:cove",
        externalId,
        0,
        null,
        null,
        start,
        status.equals("RUNNING") ? null : start);
  }

  @Test
  void deletingAnAccountReportsWhetherItExisted() {
    CoveAccountRow row = account("acme");
    assertThat(accounts.delete(row.id())).isTrue();
    assertThat(accounts.delete(row.id())).isFalse();
    assertThat(accounts.list()).isEmpty();
  }
}
