package io.safehold.activities.cove;

import java.util.List;

/**
 * Every device of a partner, each once, in Cove's order.
 *
 * @param partnerId the partner the devices belong to
 * @param devices the devices that could be read
 * @param malformedRows rows skipped because they could not be read (logged with their request id)
 */
public record CoveDeviceListing(
    long partnerId, List<CoveDeviceStatistics> devices, int malformedRows) {

  public CoveDeviceListing {
    devices = List.copyOf(devices);
  }
}
