package io.safehold.activities.bacula;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The parsers on transcripts captured from Bacula 9.6, including its awkward corners. */
class BconsoleOutputTest {

  private static final String BANNER =
      "Connecting to Director 127.0.0.1:9101\n"
          + "1000 OK: 103 safehold-dir Version: 9.6.7 (10 December 2020)\n"
          + "Enter a period to cancel a command.\n";

  @Test
  void sqlRowsAreCutByColumnCountEvenWhenANoticeOrTheNextEchoIsGluedOn() throws Exception {
    String raw =
        BANNER
            + ".sql query=\"SELECT JobId, Name FROM Job\"\n"
            + "Using Catalog \"SafeholdCatalog\"\n"
            + "1\tBackupSource\t2\tBackupMissing\tYou have messages.\n"
            + "list pools\n"
            + "No results to list.\n";
    List<String> outputs =
        ConsoleTranscript.split(
            raw, List.of(".sql query=\"SELECT JobId, Name FROM Job\"", "list pools"), "test");
    String rows = outputs.get(0).replace("Using Catalog \"SafeholdCatalog\"\n", "");
    assertThat(BconsoleOutput.sqlRows(rows, 2))
        .containsExactly(List.of("1", "BackupSource"), List.of("2", "BackupMissing"));

    String glued = BANNER + ".sql query=\"x\"\n1\tA\t.api 2\n";
    assertThat(ConsoleTranscript.split(glued, List.of(".sql query=\"x\"", ".api 2"), "test"))
        .containsExactly("1\tA\t", "");
  }

  @Test
  void aQueryErrorOrAnOddFieldCountIsAFailureNotWrongRows() {
    assertThatThrownBy(() -> BconsoleOutput.sqlRows("Query failed: x. ERR=near", 2))
        .hasFieldOrPropertyWithValue("kind", BaculaException.Kind.FAILED);
    assertThatThrownBy(() -> BconsoleOutput.sqlRows("1\tA\t2\t", 2))
        .hasMessageContaining("not a multiple of 2");
  }

  @Test
  void llistRecordsKeepThePoolHeadingAndDropEmptyPools() {
    String output =
        "Pool: Default\n"
            + "          MediaId: 1\n"
            + "       VolumeName: Vol-0001\n"
            + "          Comment: NULL\n"
            + "\n"
            + "Pool: Spare\n"
            + "No results to list.\n";
    assertThat(BconsoleOutput.llist(output))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r).containsEntry("Pool", "Default").containsEntry("MediaId", "1");
              assertThat(r).containsEntry("VolumeName", "Vol-0001");
            });
  }

  @Test
  void apiBlocksAndTablesParse() {
    String api = "running:\n\njobid=4\nstatus=R\nname=BackupSlow\n\n\njobid=5\nstatus=C\n";
    assertThat(BconsoleOutput.apiBlocks(api))
        .extracting(b -> b.get("jobid"))
        .containsExactly("4", "5");
    String table =
        "Pool: Labelled\n"
            + "+---------+------------+\n"
            + "| MediaId | VolumeName |\n"
            + "+---------+------------+\n"
            + "| 2       | Manual-1   |\n"
            + "+---------+------------+\n";
    assertThat(BconsoleOutput.table(table))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r)
                    .containsEntry("MediaId", "2")
                    .containsEntry("VolumeName", "Manual-1")
                    .containsEntry("Pool", "Labelled"));
  }

  @Test
  void aSessionThatNeverLoggedInIsUnavailable() {
    assertThatThrownBy(
            () ->
                ConsoleTranscript.split(
                    "Connecting to Director 127.0.0.1:1\nDirector authorization problem.\n",
                    List.of("list pools"),
                    "test"))
        .hasFieldOrPropertyWithValue("kind", BaculaException.Kind.UNAVAILABLE);
  }
}
