package io.safehold.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.safehold.catalog.AssetDao.NewAsset;
import io.safehold.catalog.testing.TestDatabase;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AssetDaoTest {

  private AssetDao assets;

  @BeforeEach
  void setUp() {
    assets = TestDatabase.get().fresh().jdbi().onDemand(AssetDao.class);
  }

  private static NewAsset coveDevice(String name, String deviceId) {
    return new NewAsset(UUID.randomUUID(), "cove-device", name, "cove", deviceId);
  }

  @Test
  void ensuringTheSameAssetsTwiceCreatesThemOnce() {
    List<AssetRow> first = assets.ensure(List.of(coveDevice("pc-1", "7:101"), coveDevice("pc-2", "7:102")));
    List<AssetRow> again =
        assets.ensure(List.of(coveDevice("pc-2", "7:102"), coveDevice("pc-1", "7:101")));

    assertThat(first).extracting(AssetRow::name).containsExactly("pc-1", "pc-2");
    assertThat(again).extracting(AssetRow::id).containsExactly(first.get(1).id(), first.get(0).id());
    assertThat(assets.findByName("cove-device", "pc-1")).map(AssetRow::externalId).contains("7:101");
  }

  @Test
  void aNameTakenByAnotherAssetOfTheKindGetsItsExternalIdAppended() {
    List<AssetRow> rows =
        assets.ensure(List.of(coveDevice("pc-1", "7:101"), coveDevice("pc-1", "9:101")));

    assertThat(rows).extracting(AssetRow::name).containsExactly("pc-1", "pc-1 (9:101)");
    assertThat(rows).extracting(AssetRow::system).containsOnly("cove");
  }
}
