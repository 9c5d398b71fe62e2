package io.safehold.activities.bacula;

import java.time.Instant;

/**
 * A job resource defined in the director's config, with its last run from the catalog and its next
 * scheduled run from {@code .status dir scheduled}.
 *
 * @param type Backup, Restore, Verify, Admin, Copy or Migrate
 * @param lastRun null when it never ran (or its runs were pruned)
 * @param nextRun null when no schedule runs it
 */
public record BaculaJobSummary(
    String name,
    String type,
    String client,
    String fileSet,
    String pool,
    String storage,
    String schedule,
    boolean enabled,
    BaculaJobRun lastRun,
    Instant nextRun) {}
