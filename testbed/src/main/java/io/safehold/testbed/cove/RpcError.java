package io.safehold.testbed.cove;

/** A JSON-RPC error object the emulator answers with. */
final class RpcError extends Exception {

  /** Application error code the emulator uses for refused logins, visas and partners. */
  static final int OPERATION_FAILED = 2;

  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;
  static final int METHOD_NOT_FOUND = -32601;
  static final int INVALID_PARAMS = -32602;
  static final int INTERNAL_ERROR = -32603;

  private final int code;

  RpcError(int code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  int code() {
    return code;
  }
}
