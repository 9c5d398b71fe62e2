package io.safehold.activities.netdevice;

import java.io.IOException;

/** Why talking to a device failed, sorted by what the caller can do about it. */
final class SshFailure extends IOException {

  enum Kind {
    /** The device was unreachable, refused, timed out or dropped the connection: retry later. */
    CONNECT,
    /** The device refused the login: fix the credential. */
    AUTHENTICATION,
    /** The host key is not the expected one: check the device, then update its hostKey. */
    HOST_KEY,
    /** The credential or the device's answer cannot be used as it is: fix the data. */
    BAD_INPUT
  }

  private final Kind kind;

  SshFailure(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  Kind kind() {
    return kind;
  }
}
