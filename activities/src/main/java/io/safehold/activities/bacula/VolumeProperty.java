package io.safehold.activities.bacula;

import io.safehold.activities.bacula.BaculaException.Kind;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The volume properties Safehold lets a caller change, each with the {@code update volume=V}
 * keyword that changes it and the values it accepts (checked before any command is built).
 */
public enum VolumeProperty {
  /** Append, Archive, Disabled, Full, Used, Cleaning, Read-Only (Recycle/Purged are Bacula's). */
  STATUS("volstatus", "(?i)Append|Archive|Disabled|Full|Used|Cleaning|Read-Only"),
  /** A duration Bacula understands, e.g. {@code 30days} or {@code 1year} (no spaces). */
  RETENTION(
      "volretention",
      "[0-9]+(?i)(s|sec|seconds?|min|minutes?|h|hours?|d|days?|w|weeks?|m|months?|q|quarters?|y|years?)?"),
  /** How long a volume may be used after its first write; a duration like {@link #RETENTION}. */
  USE_DURATION(
      "voluse",
      "[0-9]+(?i)(s|sec|seconds?|min|minutes?|h|hours?|d|days?|w|weeks?|m|months?|q|quarters?|y|years?)?"),
  MAX_JOBS("maxvoljobs", "[0-9]{1,9}"),
  MAX_FILES("maxvolfiles", "[0-9]{1,12}"),
  /** Bytes, optionally with a Bacula suffix: {@code 10G}, {@code 500MB}. */
  MAX_BYTES("maxvolbytes", "[0-9]{1,15}(?i)(k|kb|m|mb|g|gb|t|tb)?"),
  RECYCLE("recycle", "(?i)yes|no"),
  ENABLED("enabled", "(?i)yes|no|archived"),
  /** Moves the volume to another pool (the pool must exist). */
  POOL("pool", BaculaDirector.NAME.pattern());

  private static final Map<String, VolumeProperty> BY_FIELD =
      Map.of(
          "status", STATUS,
          "retention", RETENTION,
          "useDuration", USE_DURATION,
          "maxJobs", MAX_JOBS,
          "maxFiles", MAX_FILES,
          "maxBytes", MAX_BYTES,
          "recycle", RECYCLE,
          "enabled", ENABLED,
          "pool", POOL);

  private final String keyword;
  private final Pattern values;

  VolumeProperty(String keyword, String values) {
    this.keyword = keyword;
    this.values = Pattern.compile(values);
  }

  /** The bconsole keyword, e.g. {@code volstatus}. */
  public String keyword() {
    return keyword;
  }

  /** The JSON field an API caller uses, e.g. {@code status}, {@code maxBytes}. */
  public static VolumeProperty forField(String field) throws BaculaException {
    VolumeProperty property = BY_FIELD.get(field);
    if (property == null) {
      throw new BaculaException(
          Kind.BAD_INPUT,
          "Unknown volume property '" + field + "'; use one of " + BY_FIELD.keySet() + ".");
    }
    return property;
  }

  /** Returns the value if this property accepts it, otherwise explains what it accepts. */
  String validate(String value) throws BaculaException {
    if (value == null || !values.matcher(value).matches()) {
      throw new BaculaException(
          Kind.BAD_INPUT,
          "Volume property "
              + name().toLowerCase(Locale.ROOT)
              + " does not accept '"
              + value
              + "' (expected "
              + values.pattern()
              + ").");
    }
    return value;
  }
}
