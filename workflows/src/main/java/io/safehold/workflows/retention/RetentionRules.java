package io.safehold.workflows.retention;

/**
 * How many backups of a VM to keep, with restic's semantics. Every field is optional: null (or 0)
 * means the rule is not used. A backup kept by any rule is kept. With no rule at all everything is
 * kept, so an empty policy never deletes a VM's history by accident.
 *
 * @param keepLast the newest N backups
 * @param keepWithinDays every backup finished within D days of the newest one (not of now, so a VM
 *     whose backups stopped keeps its last ones)
 * @param keepDaily the newest backup of each of the last N days (UTC) that have one
 * @param keepWeekly the newest backup of each of the last N ISO weeks (UTC) that have one
 * @param keepMonthly the newest backup of each of the last N months (UTC) that have one
 * @throws IllegalArgumentException when a field is negative, naming it
 */
public record RetentionRules(
    Integer keepLast,
    Integer keepWithinDays,
    Integer keepDaily,
    Integer keepWeekly,
    Integer keepMonthly) {

  public RetentionRules {
    keepLast = count("keepLast", keepLast);
    keepWithinDays = count("keepWithinDays", keepWithinDays);
    keepDaily = count("keepDaily", keepDaily);
    keepWeekly = count("keepWeekly", keepWeekly);
    keepMonthly = count("keepMonthly", keepMonthly);
  }

  /** No rule: everything is kept. */
  public static RetentionRules none() {
    return new RetentionRules(null, null, null, null, null);
  }

  /** True when no rule is set, so every backup is kept (not named isEmpty: that would be JSON). */
  public boolean keepsEverything() {
    return keepLast == null
        && keepWithinDays == null
        && keepDaily == null
        && keepWeekly == null
        && keepMonthly == null;
  }

  /** 0 is stored as "not set", as restic does, so there is one way to say "off". */
  private static Integer count(String field, Integer value) {
    if (value == null || value == 0) {
      return null;
    }
    if (value < 0) {
      throw new IllegalArgumentException(
          "Retention rule '" + field + "' must be 0 or more, not " + value + ".");
    }
    return value;
  }
}
