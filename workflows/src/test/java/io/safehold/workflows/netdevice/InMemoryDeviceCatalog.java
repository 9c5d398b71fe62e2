package io.safehold.workflows.netdevice;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for the catalog's config versions: one device, versions numbered from 1. */
final class InMemoryDeviceCatalog implements DeviceCatalogActivities {

  final List<ConfigVersionRef> versions = new CopyOnWriteArrayList<>();
  final List<CapturedConfig> recorded = new CopyOnWriteArrayList<>();

  InMemoryDeviceCatalog(ConfigVersionRef... existing) {
    versions.addAll(List.of(existing));
  }

  @Override
  public ConfigVersionRef latestConfig(String deviceId) {
    return versions.isEmpty() ? null : versions.get(versions.size() - 1);
  }

  @Override
  public ConfigVersionRef recordNewVersion(String runId, String deviceId, CapturedConfig captured) {
    recorded.add(captured);
    ConfigVersionRef next =
        new ConfigVersionRef(
            versions.size() + 1, captured.stored().key(), captured.size(), captured.sha256());
    versions.add(next);
    return next;
  }
}
