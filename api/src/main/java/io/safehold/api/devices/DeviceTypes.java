package io.safehold.api.devices;

import java.util.Set;

/**
 * The device types the API accepts until the device profiles (kept as data by the netdevice
 * activities) are wired in as the source of truth.
 */
public final class DeviceTypes {

  public static final Set<String> KNOWN =
      Set.of(
          "cisco_ios", "cisco_nxos", "arista_eos", "juniper_junos", "mikrotik_routeros", "linux");

  private DeviceTypes() {}
}
