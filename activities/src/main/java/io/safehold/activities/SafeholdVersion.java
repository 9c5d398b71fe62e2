package io.safehold.activities;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of Safehold that is running, as Maven built it; written into backup manifests. */
public final class SafeholdVersion {

  private static final String VERSION = load();

  private SafeholdVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = SafeholdVersion.class.getResourceAsStream("safehold-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read Safehold's version resource", e);
    }
  }
}
