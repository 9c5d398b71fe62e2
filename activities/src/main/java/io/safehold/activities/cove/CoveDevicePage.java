package io.safehold.activities.cove;

import java.util.List;

/**
 * One page of {@code EnumerateAccountStatistics}.
 *
 * @param devices the rows that could be read
 * @param rowsReturned every row Cove returned, malformed ones included (paging counts these)
 * @param malformedRows rows skipped because they could not be read; each was logged with the
 *     request id
 * @param requestId the JSON-RPC id of the request that returned the page
 */
public record CoveDevicePage(
    List<CoveDeviceStatistics> devices, int rowsReturned, int malformedRows, String requestId) {

  public CoveDevicePage {
    devices = List.copyOf(devices);
  }
}
