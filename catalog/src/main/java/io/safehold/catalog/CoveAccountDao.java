package io.safehold.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Cove accounts (MSP tenants) and the outcome of their polling cycles, plus the one run update the
 * Cove import needs: a session imported while it ran gets its end.
 */
@RegisterConstructorMapper(CoveAccountRow.class)
public interface CoveAccountDao {

  String SELECT_ACCOUNT =
      """
      SELECT id, name, api_url, partner, credential_id, poll_interval_s, max_requests_per_second,
             created_at, partner_id, healthy, last_error, last_poll_at,
             last_poll_stats::text AS last_poll_stats_json, poll_count
      FROM cove_accounts
      """;

  @SqlUpdate(
      """
      INSERT INTO cove_accounts (id, name, api_url, partner, credential_id, poll_interval_s,
                                 max_requests_per_second)
      VALUES (:id, :name, :apiUrl, :partner, :credentialId, :pollIntervalS, :maxRequestsPerSecond)
      """)
  void insert(@BindMethods CoveAccountRow row);

  @SqlQuery(SELECT_ACCOUNT + " WHERE id = :id")
  Optional<CoveAccountRow> find(UUID id);

  @SqlQuery(SELECT_ACCOUNT + " WHERE name = :name")
  Optional<CoveAccountRow> findByName(String name);

  @SqlQuery(SELECT_ACCOUNT + " ORDER BY name")
  List<CoveAccountRow> list();

  /** The accounts that log in with a credential. */
  @SqlQuery(SELECT_ACCOUNT + " WHERE credential_id = :credentialId ORDER BY name")
  List<CoveAccountRow> listByCredential(UUID credentialId);

  /** Deletes the account; its devices (assets) and imported runs stay, as history. */
  @SqlUpdate("DELETE FROM cove_accounts WHERE id = :id")
  boolean delete(UUID id);

  /** Points an account at another endpoint (the dev stack's emulator moves each start). */
  @SqlUpdate("UPDATE cove_accounts SET api_url = :apiUrl WHERE id = :id")
  boolean updateApiUrl(UUID id, String apiUrl);

  /** Records a good cycle: healthy, with its counts and the partner id Cove reported. */
  @SqlUpdate(
      """
      UPDATE cove_accounts
      SET healthy = true, last_error = :warning, last_poll_at = now(), partner_id = :partnerId,
          last_poll_stats = CAST(:statsJson AS jsonb), poll_count = poll_count + 1
      WHERE id = :id
      """)
  boolean recordCycle(UUID id, long partnerId, String statsJson, String warning);

  /**
   * Records a failed attempt: unhealthy with the reason, while the last good cycle's counts stay.
   * {@code cycleEnded} false while retries remain, so {@code pollCount} counts cycles, not
   * attempts.
   */
  @SqlUpdate(
      """
      UPDATE cove_accounts
      SET healthy = false, last_error = :error,
          last_poll_at = CASE WHEN CAST(:cycleEnded AS boolean) THEN now() ELSE last_poll_at END,
          poll_count = poll_count + CASE WHEN CAST(:cycleEnded AS boolean) THEN 1 ELSE 0 END
      WHERE id = :id
      """)
  boolean recordFailure(UUID id, String error, boolean cycleEnded);

  /** An imported session that has ended since it was imported while running. */
  record SessionEnd(
      String source, String externalId, String status, String error, Instant finishedAt) {}

  /**
   * Gives imported runs that are still RUNNING their terminal status and end time; runs already
   * ended are left alone. Returns, per session, whether a run changed.
   */
  @SqlBatch(
      """
UPDATE runs SET status = :status, error = :error, finished_at = :finishedAt
WHERE source = :source AND external_id = :externalId AND status = 'RUNNING'
  AND CAST(:status AS text) IN ('COMPLETED', 'COMPLETED_WITH_WARNINGS', 'FAILED', 'CANCELLED', 'ABANDONED')
""")
  boolean[] settleSessions(@BindMethods List<SessionEnd> ends);
}
