package io.safehold.activities.retention;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.safehold.catalog.VmRetentionDao;
import io.safehold.catalog.VmRetentionDao.Candidate;
import io.safehold.catalog.VmRetentionDao.FreedChunks;
import io.safehold.workflows.retention.PrunePlan;
import io.safehold.workflows.retention.RetentionCandidate;
import io.safehold.workflows.retention.RetentionDecision;
import io.safehold.workflows.retention.RetentionPlanner;
import io.safehold.workflows.retention.RetentionRules;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * A VM's retention in the catalog: its rules (stored as JSON in {@code vms.retention}) and its
 * prune plan, computed with {@link RetentionPlanner} over the backups not pruned yet. Shared by the
 * API (rules, dry run) and {@link VmPruneActivitiesImpl}, so both compute the same plan.
 */
public final class VmRetention {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          // A rule added by a later version must not break reading the document.
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Jdbi jdbi;

  public VmRetention(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /** The VM's rules; {@link RetentionRules#none()} when it has none. */
  public RetentionRules rules(UUID vmId) {
    return jdbi.onDemand(VmRetentionDao.class)
        .rules(vmId)
        .map(VmRetention::parse)
        .orElse(RetentionRules.none());
  }

  /**
   * Replaces the VM's rules; rules with no rule set are stored as none.
   *
   * @return false when there is no such VM
   */
  public boolean setRules(UUID vmId, RetentionRules rules) {
    String json;
    try {
      json = rules.keepsEverything() ? null : JSON.writeValueAsString(rules);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("retention rules could not be written as JSON", e);
    }
    return jdbi.onDemand(VmRetentionDao.class).setRules(vmId, json);
  }

  /**
   * What pruning the VM now would do: one decision per backup run not pruned yet, and the chunks
   * and bytes that only the removed ones reference.
   */
  public PrunePlan plan(UUID vmId) {
    return jdbi.inTransaction(
        h -> {
          VmRetentionDao dao = h.attach(VmRetentionDao.class);
          RetentionRules rules =
              dao.rules(vmId).map(VmRetention::parse).orElse(RetentionRules.none());
          List<RetentionCandidate> candidates =
              dao.candidates(vmId).stream().map(VmRetention::candidate).toList();
          List<RetentionDecision> decisions = RetentionPlanner.plan(rules, candidates);
          List<UUID> removed =
              decisions.stream()
                  .filter(d -> !d.keep())
                  .map(d -> UUID.fromString(d.runId()))
                  .toList();
          FreedChunks freed = removed.isEmpty() ? new FreedChunks(0, 0) : dao.freed(removed, false);
          return new PrunePlan(vmId.toString(), rules, decisions, freed.chunks(), freed.bytes());
        });
  }

  private static RetentionCandidate candidate(Candidate c) {
    return new RetentionCandidate(
        c.runId().toString(),
        c.status(),
        c.finishedAt(),
        c.mode(),
        c.baseRunId() == null ? null : c.baseRunId().toString(),
        c.manifestKey() != null);
  }

  private static RetentionRules parse(String json) {
    try {
      return JSON.readValue(json, RetentionRules.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "the retention rules stored in the catalog are not readable: " + e.getMessage(), e);
    }
  }
}
