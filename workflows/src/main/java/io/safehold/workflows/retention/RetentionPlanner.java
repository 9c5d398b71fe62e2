package io.safehold.workflows.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Decides which backups of one VM to keep: pure, no clock and no I/O, so the API's dry run, the
 * prune workflow and (later) policies share it and tests drive it over simulated months.
 *
 * <p>Order of the rules, as restic applies them, newest backup first:
 *
 * <ol>
 *   <li>Runs still pending or running are kept, and so is their base.
 *   <li>Runs that are not backups (FAILED, CANCELLED, ABANDONED, or without a manifest) are always
 *       removed: they hold only leftovers (a partial chunk list, config files).
 *   <li>With no rule, every backup is kept. Otherwise {@code keepLast}, {@code keepWithinDays}
 *       (relative to the newest backup), {@code keepDaily}/{@code keepWeekly}/{@code keepMonthly}
 *       (the newest backup of each of the last N UTC days, ISO weeks, months that have one).
 *   <li>The newest backup is always kept.
 *   <li>A kept incremental keeps its base, and the base's base, and so on. Every backup's chunk
 *       list is complete, so a restore never needs the base; the rule holds anyway, literally.
 * </ol>
 */
public final class RetentionPlanner {

  private static final Comparator<RetentionCandidate> NEWEST_FIRST =
      Comparator.comparing(
              RetentionCandidate::finishedAt, Comparator.nullsFirst(Comparator.reverseOrder()))
          .thenComparing(RetentionCandidate::runId, Comparator.reverseOrder());

  private RetentionPlanner() {}

  /**
   * Decides keep or remove for every candidate.
   *
   * @return one decision per candidate, newest first (runs in progress before finished ones)
   */
  public static List<RetentionDecision> plan(
      RetentionRules rules, List<RetentionCandidate> candidates) {
    List<RetentionCandidate> ordered = new ArrayList<>(candidates);
    ordered.sort(NEWEST_FIRST);
    Map<String, List<String>> keep = new LinkedHashMap<>();
    Map<String, String> remove = new HashMap<>();
    List<RetentionCandidate> backups = new ArrayList<>();
    for (RetentionCandidate c : ordered) {
      if (c.inProgress()) {
        reason(keep, c, "in progress");
      } else if (c.countsAsBackup()) {
        backups.add(c);
      } else {
        remove.put(c.runId(), leftovers(c));
      }
    }

    if (rules.keepsEverything()) {
      backups.forEach(b -> reason(keep, b, "no retention rules: everything is kept"));
    } else {
      applyRules(rules, backups, keep);
    }
    if (!backups.isEmpty()) {
      reason(keep, backups.get(0), "newest backup");
    }
    protectBases(ordered, keep);

    List<RetentionDecision> decisions = new ArrayList<>();
    for (RetentionCandidate c : ordered) {
      List<String> reasons = keep.get(c.runId());
      boolean kept = reasons != null;
      if (!kept) {
        reasons = List.of(remove.getOrDefault(c.runId(), "matched no retention rule"));
      }
      decisions.add(
          new RetentionDecision(
              c.runId(), c.status(), c.finishedAt(), c.mode(), c.baseRunId(), kept, reasons));
    }
    return decisions;
  }

  private static void applyRules(
      RetentionRules rules, List<RetentionCandidate> backups, Map<String, List<String>> keep) {
    if (rules.keepLast() != null) {
      for (RetentionCandidate b : backups.subList(0, Math.min(rules.keepLast(), backups.size()))) {
        reason(keep, b, "keep-last " + rules.keepLast());
      }
    }
    if (rules.keepWithinDays() != null && !backups.isEmpty()) {
      Instant from = backups.get(0).finishedAt().minus(Duration.ofDays(rules.keepWithinDays()));
      for (RetentionCandidate b : backups) {
        if (!b.finishedAt().isBefore(from)) {
          reason(keep, b, "within " + rules.keepWithinDays() + " days of the newest");
        }
      }
    }
    bucket(backups, rules.keepDaily(), "daily", t -> t.toLocalDate().toString(), keep);
    bucket(
        backups,
        rules.keepWeekly(),
        "weekly",
        t ->
            String.format(
                "%d-W%02d",
                t.get(IsoFields.WEEK_BASED_YEAR), t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)),
        keep);
    bucket(
        backups,
        rules.keepMonthly(),
        "monthly",
        t -> String.format("%d-%02d", t.getYear(), t.getMonthValue()),
        keep);
  }

  /** Keeps the newest backup of each of the last {@code count} periods that have a backup. */
  private static void bucket(
      List<RetentionCandidate> newestFirst,
      Integer count,
      String rule,
      Function<ZonedDateTime, String> period,
      Map<String, List<String>> keep) {
    if (count == null) {
      return;
    }
    int left = count;
    String last = null;
    for (RetentionCandidate b : newestFirst) {
      if (left == 0) {
        return;
      }
      String p = period.apply(b.finishedAt().atZone(ZoneOffset.UTC));
      if (!p.equals(last)) {
        reason(keep, b, rule + " " + p);
        last = p;
        left--;
      }
    }
  }

  /** Walks from each kept run down its chain of bases, keeping them. */
  private static void protectBases(
      List<RetentionCandidate> ordered, Map<String, List<String>> keep) {
    Map<String, RetentionCandidate> byId = new HashMap<>();
    ordered.forEach(c -> byId.put(c.runId(), c));
    for (RetentionCandidate c : ordered) {
      if (!keep.containsKey(c.runId())) {
        continue;
      }
      RetentionCandidate child = c;
      while (child.baseRunId() != null && byId.containsKey(child.baseRunId())) {
        RetentionCandidate base = byId.get(child.baseRunId());
        boolean newlyKept = !keep.containsKey(base.runId());
        String why =
            (child.inProgress() ? "base of running backup " : "base of kept incremental ")
                + child.runId();
        reason(keep, base, why);
        if (!newlyKept) {
          // Its own chain is (or will be) walked from it.
          break;
        }
        child = base;
      }
    }
  }

  private static String leftovers(RetentionCandidate c) {
    if ("COMPLETED".equals(c.status()) || "COMPLETED_WITH_WARNINGS".equals(c.status())) {
      return c.status() + " without a manifest: not a backup";
    }
    return c.status() + " run: only leftovers of a backup that did not finish";
  }

  private static void reason(Map<String, List<String>> keep, RetentionCandidate c, String why) {
    List<String> reasons = keep.computeIfAbsent(c.runId(), id -> new ArrayList<>());
    if (!reasons.contains(why)) {
      reasons.add(why);
    }
  }
}
