package io.safehold.catalog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * Assets of any kind, for the systems that only watch them (Cove devices, Bacula jobs, assets that
 * report events): found by their owning system's id, created on first sight. Devices and VMs keep
 * their own DAOs, which insert the asset row with their detail rows.
 */
@RegisterConstructorMapper(AssetRow.class)
public interface AssetDao {

  String SELECT_ASSET =
      "SELECT id, kind, name, system, external_id, backup_window_s, created_at FROM assets";

  /** An asset to find or create: {@code externalId} is its id in {@code system}. */
  record NewAsset(UUID id, String kind, String name, String system, String externalId) {}

  /**
   * Creates the assets that are not there yet (by system and external id) and leaves the others as
   * they are; a name already taken by another asset of the same kind gets the external id appended,
   * so two Cove devices called "pc-1" in two tenants are both kept.
   */
  @SqlBatch(
      """
      INSERT INTO assets (id, kind, name, system, external_id)
      SELECT :id, :kind,
             CASE WHEN EXISTS (SELECT 1 FROM assets WHERE kind = :kind AND name = :name)
                  THEN :name || ' (' || :externalId || ')' ELSE :name END,
             :system, :externalId
      ON CONFLICT DO NOTHING
      """)
  void insertMissing(@BindMethods List<NewAsset> assets);

  /** The assets of {@code system} with these external ids (any not found are left out). */
  @SqlQuery(SELECT_ASSET + " WHERE system = :system AND external_id IN (<externalIds>)")
  List<AssetRow> findExternal(String system, @BindList("externalIds") List<String> externalIds);

  /** Finds or creates the assets and returns them in the order given. */
  default List<AssetRow> ensure(List<NewAsset> assets) {
    if (assets.isEmpty()) {
      return List.of();
    }
    String system = assets.get(0).system();
    if (assets.stream().anyMatch(a -> !a.system().equals(system))) {
      throw new IllegalArgumentException("ensure() takes assets of one system at a time.");
    }
    insertMissing(assets);
    Map<String, AssetRow> found = new HashMap<>();
    for (AssetRow row : findExternal(system, assets.stream().map(NewAsset::externalId).toList())) {
      found.put(row.externalId(), row);
    }
    return assets.stream().map(a -> found.get(a.externalId())).toList();
  }

  @SqlQuery(SELECT_ASSET + " WHERE id = :id")
  Optional<AssetRow> find(UUID id);

  @SqlQuery(SELECT_ASSET + " WHERE kind = :kind AND name = :name")
  Optional<AssetRow> findByName(String kind, String name);
}
