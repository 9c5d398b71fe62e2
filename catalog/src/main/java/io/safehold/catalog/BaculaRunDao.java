package io.safehold.catalog;

import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Links Safehold's own Bacula runs to their JobIds, so the import loop does not import a job that a
 * {@code BaculaJobWorkflow} ran and records itself. The link is the run's external id ({@code
 * <directorId>:<JobId>}, the same form imported runs use) under source {@code workflow}.
 */
public interface BaculaRunDao {

  /** Sets the run's external id once; false when it already had one or does not exist. */
  @SqlUpdate("UPDATE runs SET external_id = :externalId WHERE id = :runId AND external_id IS NULL")
  boolean link(UUID runId, String externalId);

  /** Of {@code externalIds}, those that a workflow run already holds. */
  @SqlQuery(
      "SELECT external_id FROM runs WHERE source = 'workflow' AND external_id IN (<externalIds>)")
  List<String> linkedByWorkflows(@BindList("externalIds") List<String> externalIds);
}
