package io.safehold.catalog;

import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(AuditRow.class)
public interface AuditDao {

  @SqlUpdate(
      "INSERT INTO audit_log (key_id, action, target, result) VALUES (:keyId, :action, :target, :result)")
  void insert(UUID keyId, String action, String target, int result);

  /** Newest first; {@code beforeId} pages backwards (pass Long.MAX_VALUE for the first page). */
  @SqlQuery("SELECT * FROM audit_log WHERE id < :beforeId ORDER BY id DESC LIMIT :limit")
  List<AuditRow> list(long beforeId, int limit);
}
