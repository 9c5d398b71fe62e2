package io.safehold.activities.cove;

import java.util.Objects;

/**
 * What Cove's {@code Login} takes: the partner (MSP tenant) name exactly as Cove spells it, and an
 * API user's name and password. {@link #toString()} never shows the password.
 */
public record CoveLogin(String partner, String username, String password) {

  public CoveLogin {
    Objects.requireNonNull(partner, "partner");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (partner.isBlank() || username.isBlank()) {
      throw new IllegalArgumentException("A Cove login needs a partner name and a user name");
    }
  }

  @Override
  public String toString() {
    return "CoveLogin[partner=" + partner + ", username=" + username + ", password=***]";
  }
}
