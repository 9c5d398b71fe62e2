package io.safehold.catalog;

import java.util.List;
import java.util.UUID;

/**
 * A VM as a discovery reads it from vCenter, to record with {@link VmDao#upsert}. Fields mean what
 * they mean in {@link VmRow}.
 */
public record DiscoveredVm(
    UUID vcenterId,
    String moref,
    String instanceUuid,
    String name,
    String datacenter,
    String powerState,
    boolean cbtEnabled,
    String vmxPath,
    List<VmDiskRow> disks) {

  public DiscoveredVm {
    disks = disks == null ? List.of() : List.copyOf(disks);
  }
}
