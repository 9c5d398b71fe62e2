package io.safehold.testbed.cove;

/**
 * One call the emulator received, for tests to assert on.
 *
 * @param method the JSON-RPC method, or null when the body was not a JSON-RPC request
 * @param visaSent the visa the request carried, or null
 * @param newestVisa the newest visa the emulator had handed out in the chain {@code visaSent}
 *     belongs to when the call arrived, or null when {@code visaSent} is unknown
 * @param fault the injected fault the call was answered with, or null
 * @param startRecordNumber {@code StartRecordNumber} of an {@code EnumerateAccountStatistics} call
 * @param recordsCount {@code RecordsCount} of an {@code EnumerateAccountStatistics} call
 */
public record CoveRecordedCall(
    String method,
    String visaSent,
    String newestVisa,
    CoveFault fault,
    Integer startRecordNumber,
    Integer recordsCount) {

  /** True when the call carried the newest visa of its chain. */
  public boolean sentNewestVisa() {
    return visaSent != null && visaSent.equals(newestVisa);
  }
}
