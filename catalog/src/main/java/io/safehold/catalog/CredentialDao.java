package io.safehold.catalog;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(CredentialRow.class)
public interface CredentialDao {

  @SqlUpdate(
      """
      INSERT INTO credentials (id, name, kind, username, secret_enc, passphrase_enc)
      VALUES (:id, :name, :kind, :username, :secretEnc, :passphraseEnc)
      """)
  void insert(@BindMethods CredentialRow row);

  @SqlQuery("SELECT * FROM credentials WHERE id = :id")
  Optional<CredentialRow> find(UUID id);

  @SqlQuery("SELECT * FROM credentials WHERE name = :name")
  Optional<CredentialRow> findByName(String name);

  @SqlQuery("SELECT * FROM credentials ORDER BY name")
  List<CredentialRow> list();

  /** Names of the notification targets that log in or sign with this credential. */
  @SqlQuery("SELECT name FROM notification_targets WHERE credential_id = :id ORDER BY name")
  List<String> notificationTargetsUsing(UUID id);

  @SqlUpdate("DELETE FROM credentials WHERE id = :id")
  boolean delete(UUID id);

  @SqlUpdate("INSERT INTO tag_credentials (tag, credential_id) VALUES (:tag, :credentialId) "
      + "ON CONFLICT (tag) DO UPDATE SET credential_id = excluded.credential_id")
  void attachToTag(String tag, UUID credentialId);

  @SqlUpdate("DELETE FROM tag_credentials WHERE tag = :tag")
  boolean detachTag(String tag);

  /** The credential attached to the first of {@code tags} (in the order given) that has one. */
  @SqlQuery(
      """
      SELECT tc.credential_id FROM unnest(CAST(:tags AS text[])) WITH ORDINALITY AS t(tag, pos)
      JOIN tag_credentials tc ON tc.tag = t.tag ORDER BY t.pos LIMIT 1
      """)
  Optional<UUID> credentialForTags(String[] tags);
}
