package io.safehold.activities.bacula;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.activities.bacula.BaculaConsolePolicy.Refusal;
import org.junit.jupiter.api.Test;

class BaculaConsolePolicyTest {

  @Test
  void operatorsReadAndAdminsAlsoAct() {
    assertThat(BaculaConsolePolicy.check("list jobs", false)).isEmpty();
    assertThat(BaculaConsolePolicy.check("status dir", false)).isEmpty();
    assertThat(BaculaConsolePolicy.check("run job=BackupSource yes", false))
        .get()
        .satisfies(
            v -> {
              assertThat(v.refusal()).isEqualTo(Refusal.NOT_ALLOWED);
              assertThat(v.message()).contains("for operators").contains("list");
            });
    assertThat(BaculaConsolePolicy.check("run job=BackupSource yes", true)).isEmpty();
  }

  @Test
  void arbitrarySqlAndInteractiveCommandsAreNeverAllowed() {
    for (String command : new String[] {".sql query=\"DELETE FROM Job\"", "sqlquery", "restore"}) {
      assertThat(BaculaConsolePolicy.check(command, true))
          .get()
          .extracting(BaculaConsolePolicy.Verdict::refusal)
          .isEqualTo(Refusal.NOT_ALLOWED);
    }
  }

  @Test
  void separatorsIncludesAndShellMetacharactersAreMalformed() {
    for (String command :
        new String[] {
          "list jobs\nrun job=X yes",
          "list jobs; delete volume=V",
          "@input /etc/passwd",
          "list jobs | sh",
          "status $(id)",
          "show `id`",
          "list jobs > /tmp/x"
        }) {
      assertThat(BaculaConsolePolicy.check(command, true))
          .as(command)
          .get()
          .extracting(BaculaConsolePolicy.Verdict::refusal)
          .isEqualTo(Refusal.MALFORMED);
    }
  }
}
