package io.safehold.testbed.cove;

/** A failure the emulator can be told to answer the next calls with. */
public enum CoveFault {
  /** HTTP 500 with a plain-text body, as a proxy or an overloaded front end answers. */
  HTTP_500,
  /** HTTP 200 with the JSON-RPC error -32603 "Internal error". */
  RPC_INTERNAL_ERROR,
  /** HTTP 200 with a body that is not JSON. */
  MALFORMED_BODY,
  /**
   * No answer until the emulator's hang limit passes (or it is closed), then HTTP 503: for client
   * timeouts.
   */
  HANG
}
