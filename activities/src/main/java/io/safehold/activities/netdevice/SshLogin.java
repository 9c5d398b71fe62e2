package io.safehold.activities.netdevice;

import java.util.Objects;

/**
 * Who to log in as and the decrypted secret: a password, or a private key (PEM or OpenSSH format)
 * with an optional passphrase. Lives only inside an activity; {@link #toString()} never shows the
 * secret.
 */
record SshLogin(
    String credentialName, String username, Kind kind, String secret, String passphrase) {

  enum Kind {
    PASSWORD,
    PRIVATE_KEY
  }

  SshLogin {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(secret, "secret");
  }

  @Override
  public String toString() {
    return "SshLogin[" + username + " with " + kind + " from credential " + credentialName + "]";
  }
}
