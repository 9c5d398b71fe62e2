package io.safehold.api.auth;

import java.security.Principal;
import java.util.UUID;

/** The holder of a valid API key: who is calling, as far as Safehold knows. */
public record Caller(UUID keyId, String keyName, Role role) implements Principal {

  @Override
  public String getName() {
    return keyName;
  }
}
