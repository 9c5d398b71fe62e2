package io.safehold.catalog;

import java.time.Instant;
import java.util.UUID;

/**
 * A VM as the catalog knows it: an asset of kind {@value VmDao#KIND} with what its vCenter last
 * reported.
 *
 * @param id the asset id
 * @param assetName {@code <vCenter name>/<VM name>}, with {@code [<instance UUID>]} appended when
 *     another VM of the vCenter holds that name
 * @param moref the managed object reference, e.g. {@code vm-42}
 * @param instanceUuid the VM's identity within its vCenter
 * @param powerState {@code poweredOn}, {@code poweredOff} or {@code suspended}
 * @param vmxPath {@code [datastore] dir/vm.vmx}
 * @param removedAt when a discovery first missed it; null while vCenter reports it
 * @param discoveredAt the last discovery that reported it
 * @param createdAt when it was first discovered
 */
public record VmRow(
    UUID id,
    UUID vcenterId,
    String vcenterName,
    String assetName,
    String name,
    String moref,
    String instanceUuid,
    String datacenter,
    String powerState,
    boolean cbtEnabled,
    String vmxPath,
    Instant removedAt,
    Instant discoveredAt,
    Instant createdAt) {}
