package io.safehold.catalog.testing;

import io.safehold.catalog.DeviceRow;
import java.util.List;
import java.util.UUID;

/** Ready-made catalog rows for tests, so each test states only what it is about. */
public final class SampleRows {

  private SampleRows() {}

  /** A cisco_ios device on 127.0.0.1:2222 with no credential, jump host, host key or tags. */
  public static DeviceRow device(String name) {
    return new DeviceRow(
        UUID.randomUUID(),
        name,
        "127.0.0.1",
        2222,
        "cisco_ios",
        null,
        null,
        null,
        false,
        List.of(),
        null);
  }
}
