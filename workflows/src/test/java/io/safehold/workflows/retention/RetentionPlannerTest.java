package io.safehold.workflows.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Retention over simulated months of backups: the clock is the finish time of each simulated
 * backup, so every expectation is written as dates an operator would read.
 */
class RetentionPlannerTest {

  /** A VM's simulated backup history, oldest first; run ids sort in creation order. */
  private static final class History {
    private final List<RetentionCandidate> runs = new ArrayList<>();
    private String last;

    String full(Instant at) {
      return add(at, "COMPLETED", "FULL", null, true);
    }

    /** An incremental on the previous backup. */
    String incremental(Instant at) {
      return add(at, "COMPLETED", "INCREMENTAL", last, true);
    }

    String failed(Instant at) {
      String keepLast = last;
      String id = add(at, "FAILED", "INCREMENTAL", last, false);
      last = keepLast;
      return id;
    }

    String running() {
      return add(null, "RUNNING", "INCREMENTAL", last, false);
    }

    private String add(Instant at, String status, String mode, String base, boolean manifest) {
      String id = String.format("r-%04d", runs.size());
      runs.add(new RetentionCandidate(id, status, at, mode, base, manifest));
      last = id;
      return id;
    }

    Map<String, RetentionDecision> plan(RetentionRules rules) {
      return RetentionPlanner.plan(rules, runs).stream()
          .collect(Collectors.toMap(RetentionDecision::runId, d -> d));
    }

    Set<String> kept(RetentionRules rules) {
      return plan(rules).values().stream()
          .filter(RetentionDecision::keep)
          .map(RetentionDecision::runId)
          .collect(Collectors.toSet());
    }
  }

  private static Instant at(String date, int hour) {
    return LocalDate.parse(date).atTime(hour, 0).toInstant(ZoneOffset.UTC);
  }

  private static RetentionRules last(int n) {
    return new RetentionRules(n, null, null, null, null);
  }

  @Test
  void noRuleKeepsEveryBackupButNotTheLeftoversOfFailedRuns() {
    History h = new History();
    String full = h.full(at("2026-01-01", 2));
    String failed = h.failed(at("2026-01-02", 2));
    String inc = h.incremental(at("2026-01-03", 2));

    Map<String, RetentionDecision> plan = h.plan(RetentionRules.none());

    assertThat(plan.get(full).keep()).isTrue();
    assertThat(plan.get(inc).keep()).isTrue();
    assertThat(plan.get(full).reasons()).contains("no retention rules: everything is kept");
    assertThat(plan.get(failed).keep()).isFalse();
    assertThat(plan.get(failed).reasons())
        .containsExactly("FAILED run: only leftovers of a backup that did not finish");
  }

  @Test
  void keepLastOneKeepsTheWholeChainTheNewestIncrementalBuildsOn() {
    History h = new History();
    String oldFull = h.full(at("2026-01-01", 2));
    String oldInc = h.incremental(at("2026-01-02", 2));
    String full = h.full(at("2026-01-08", 2));
    String inc1 = h.incremental(at("2026-01-09", 2));
    String inc2 = h.incremental(at("2026-01-10", 2));

    Map<String, RetentionDecision> plan = h.plan(last(1));

    assertThat(plan.get(inc2).reasons()).containsExactly("keep-last 1", "newest backup");
    assertThat(plan.get(inc1).reasons()).containsExactly("base of kept incremental " + inc2);
    assertThat(plan.get(full).reasons()).containsExactly("base of kept incremental " + inc1);
    assertThat(plan.get(oldInc).keep()).isFalse();
    assertThat(plan.get(oldFull).keep()).isFalse();
    assertThat(plan.get(oldFull).reasons()).containsExactly("matched no retention rule");
  }

  @Test
  void aRunningBackupKeepsItsBase() {
    History h = new History();
    String full = h.full(at("2026-01-01", 2));
    String inc = h.incremental(at("2026-01-02", 2));
    String newFull = h.full(at("2026-01-03", 2));
    h.last = inc;
    String running = h.running();

    Map<String, RetentionDecision> plan = h.plan(last(1));

    assertThat(plan.get(running).reasons()).containsExactly("in progress");
    assertThat(plan.get(newFull).keep()).isTrue();
    assertThat(plan.get(inc).reasons()).containsExactly("base of running backup " + running);
    assertThat(plan.get(full).reasons()).containsExactly("base of kept incremental " + inc);
  }

  @Test
  void theNewestBackupIsKeptEvenWhenEveryLaterRunFailed() {
    History h = new History();
    String onlyBackup = h.full(at("2026-01-01", 2));
    List<String> failures = new ArrayList<>();
    for (int day = 2; day <= 28; day++) {
      failures.add(h.failed(at(String.format("2026-02-%02d", day), 2)));
    }

    Map<String, RetentionDecision> plan = h.plan(new RetentionRules(null, 7, null, null, null));

    assertThat(plan.get(onlyBackup).keep()).isTrue();
    assertThat(plan.get(onlyBackup).reasons()).contains("newest backup");
    assertThat(failures).allSatisfy(id -> assertThat(plan.get(id).keep()).isFalse());
  }

  @Test
  void keepWithinCountsFromTheNewestBackupNotFromToday() {
    History h = new History();
    String tooOld = h.full(at("2026-03-01", 1));
    String edge = h.full(at("2026-03-03", 2));
    String newest = h.full(at("2026-03-10", 2));

    Map<String, RetentionDecision> plan = h.plan(new RetentionRules(null, 7, null, null, null));

    assertThat(plan.get(newest).keep()).isTrue();
    assertThat(plan.get(edge).reasons()).containsExactly("within 7 days of the newest");
    assertThat(plan.get(tooOld).keep()).isFalse();
  }

  /**
   * Six months of nightly fulls at 02:00 and, on Mondays, a second backup at 14:00, with a failed
   * run every tenth day: GFS keeps exactly the newest backup of each of the last 7 days, 4 ISO
   * weeks and 6 months, computed here by grouping instead of by the planner's walk.
   */
  @Test
  void grandfatherFatherSonOverSixMonths() {
    History h = new History();
    List<RetentionCandidate> backups = new ArrayList<>();
    LocalDate day = LocalDate.parse("2026-06-01");
    for (int i = 0; i < 183; i++, day = day.plusDays(1)) {
      if (i % 10 == 9) {
        h.failed(day.atTime(1, 0).toInstant(ZoneOffset.UTC));
      }
      h.full(day.atTime(2, 0).toInstant(ZoneOffset.UTC));
      backups.add(h.runs.get(h.runs.size() - 1));
      if (day.getDayOfWeek().getValue() == 1) {
        h.full(day.atTime(14, 0).toInstant(ZoneOffset.UTC));
        backups.add(h.runs.get(h.runs.size() - 1));
      }
    }
    RetentionRules gfs = new RetentionRules(null, null, 7, 4, 6);

    Set<String> expected = new HashSet<>();
    expected.addAll(
        newestPerPeriod(
            backups, b -> b.finishedAt().atZone(ZoneOffset.UTC).toLocalDate().toString(), 7));
    expected.addAll(
        newestPerPeriod(
            backups,
            b -> {
              var t = b.finishedAt().atZone(ZoneOffset.UTC);
              return String.format(
                  "%d-W%02d",
                  t.get(IsoFields.WEEK_BASED_YEAR), t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            },
            4));
    expected.addAll(newestPerPeriod(backups, b -> b.finishedAt().toString().substring(0, 7), 6));

    Map<String, RetentionDecision> plan = h.plan(gfs);
    Set<String> kept = h.kept(gfs);

    assertThat(kept).isEqualTo(expected);
    // Days 11-24..30; weeks W47 (11-22) and W46 (11-15); months Oct, Sep, Aug, Jul, Jun.
    assertThat(kept).hasSize(14);
    // The history ends on Monday 2026-11-30 at 14:00, the first day of ISO week 2026-W49.
    RetentionDecision newest = plan.get(h.runs.get(h.runs.size() - 1).runId());
    assertThat(newest.reasons())
        .contains("daily 2026-11-30", "weekly 2026-W49", "monthly 2026-11", "newest backup");
    // The oldest month kept is June's newest backup: 2026-06-30 at 02:00 (a Tuesday).
    RetentionDecision june =
        plan.values().stream()
            .filter(d -> d.finishedAt() != null && d.finishedAt().equals(at("2026-06-30", 2)))
            .findFirst()
            .orElseThrow();
    assertThat(june.reasons()).containsExactly("monthly 2026-06");
    assertThat(plan.values().stream().filter(d -> "FAILED".equals(d.status())))
        .allSatisfy(d -> assertThat(d.keep()).isFalse());
  }

  @Test
  void isoWeeksSpanTheTurnOfTheYear() {
    History h = new History();
    String thursday = h.full(at("2026-12-31", 2));
    String friday = h.full(at("2027-01-01", 2));
    String previousWeek = h.full(at("2026-12-27", 2));

    Map<String, RetentionDecision> plan = h.plan(new RetentionRules(null, null, null, 2, null));

    assertThat(plan.get(friday).reasons()).contains("weekly 2026-W53");
    assertThat(plan.get(thursday).keep()).isFalse();
    assertThat(plan.get(previousWeek).reasons()).containsExactly("weekly 2026-W52");
  }

  @Test
  void aFailedRunDoesNotUseUpADailySlot() {
    History h = new History();
    String monday = h.full(at("2026-05-04", 2));
    h.failed(at("2026-05-05", 2));
    String wednesday = h.full(at("2026-05-06", 2));

    assertThat(h.kept(new RetentionRules(null, null, 2, null, null)))
        .containsExactlyInAnyOrder(monday, wednesday);
  }

  @Test
  void negativeRulesAreRefusedByNameAndZeroMeansOff() {
    assertThatThrownBy(() -> new RetentionRules(null, null, -1, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'keepDaily'");
    assertThat(new RetentionRules(0, 0, 0, 0, 0).keepsEverything()).isTrue();
  }

  private static Set<String> newestPerPeriod(
      List<RetentionCandidate> backups, Function<RetentionCandidate, String> period, int count) {
    TreeMap<String, RetentionCandidate> newest = new TreeMap<>();
    for (RetentionCandidate b : backups) {
      newest.merge(period.apply(b), b, (x, y) -> x.finishedAt().isAfter(y.finishedAt()) ? x : y);
    }
    return newest.descendingMap().values().stream()
        .limit(count)
        .map(RetentionCandidate::runId)
        .collect(Collectors.toSet());
  }
}
