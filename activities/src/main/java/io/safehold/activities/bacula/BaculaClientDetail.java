package io.safehold.activities.bacula;

import java.util.List;

/** A client, its configuration ({@code show client=NAME}) and its recent runs, newest first. */
public record BaculaClientDetail(
    BaculaClient client, String configuration, List<BaculaJobRun> recentRuns) {}
