package io.safehold.api.auth;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an API key may do. Each role includes the ones below it: admin ⊃ operator ⊃ viewer. */
public enum Role {
  /** Reads everything except keys and the audit log. */
  VIEWER,
  /** Also starts and cancels work (backups, restores). */
  OPERATOR,
  /** Also manages keys, credentials and inventory, and reads the audit log. */
  ADMIN;

  /**
   * The name stored in the catalog and used in JSON: {@code admin}, {@code operator}, {@code
   * viewer}.
   */
  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean includes(Role other) {
    return compareTo(other) >= 0;
  }

  public static Optional<Role> fromId(String id) {
    return Arrays.stream(values()).filter(r -> r.id().equals(id)).findFirst();
  }

  @Override
  public String toString() {
    return id();
  }
}
