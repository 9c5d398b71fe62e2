package io.safehold.activities.vsphere;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.safehold.activities.storage.BackupLayout;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads the objects a VM backup manifest ({@value VmCatalogActivitiesImpl#FORMAT}) names, as a
 * stream, so a manifest of many MB is never held: every stored chunk of every disk in disk order
 * (all-zero chunks are not stored and not named), then every config file.
 *
 * <p>The format is checked before any object is reported, so {@code format} must come before {@code
 * disks} and {@code files}, as {@link VmCatalogActivitiesImpl} writes it.
 */
final class VmManifestReader {

  /** One object of a backup: its key in the store, its size and its SHA-256 (lower-case hex). */
  record BackupObject(String key, long size, String sha256, boolean chunk) {}

  /** The manifest is not one this reader understands; retrying cannot help. */
  static final class InvalidManifestException extends RuntimeException {
    InvalidManifestException(String message) {
      super(message);
    }
  }

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /** Leaves the stream open: the caller owns it and may read past the JSON (to hash it all). */
  private static final JsonFactory JSON =
      new JsonFactory().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);

  private final String manifestKey;
  private final String filesPrefix;
  private final long maxObjectBytes;

  /**
   * @param manifestKey {@code vms/{vmId}/{runId}/manifest.json}; files must lie under its {@code
   *     files/} folder
   * @param maxObjectBytes largest chunk or file accepted
   */
  VmManifestReader(String manifestKey, long maxObjectBytes) {
    this.manifestKey = manifestKey;
    this.filesPrefix = manifestKey.substring(0, manifestKey.lastIndexOf('/') + 1) + "files/";
    this.maxObjectBytes = maxObjectBytes;
  }

  /**
   * Reports every object {@code manifest} names to {@code each}, in manifest order; a chunk that
   * several disks or offsets share is reported each time.
   *
   * @throws InvalidManifestException when the manifest is not a {@value
   *     VmCatalogActivitiesImpl#FORMAT} manifest or names an object it may not
   * @throws IOException when reading the stream fails
   */
  void read(InputStream manifest, Consumer<BackupObject> each) throws IOException {
    try (JsonParser p = JSON.createParser(manifest)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw invalid("it is not a JSON object");
      }
      boolean formatChecked = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "format" -> {
            String format = p.getValueAsString();
            if (!VmCatalogActivitiesImpl.FORMAT.equals(format)) {
              throw invalid("its format is " + format + ", not " + VmCatalogActivitiesImpl.FORMAT);
            }
            formatChecked = true;
          }
          case "disks" -> {
            requireFormat(formatChecked);
            readDisks(p, each);
          }
          case "files" -> {
            requireFormat(formatChecked);
            readFiles(p, each);
          }
          default -> p.skipChildren();
        }
      }
      requireFormat(formatChecked);
    } catch (JsonProcessingException e) {
      throw invalid("it is not valid JSON (" + e.getOriginalMessage() + ")");
    }
  }

  private void readDisks(JsonParser p, Consumer<BackupObject> each) throws IOException {
    expect(p.currentToken(), JsonToken.START_ARRAY, "disks is not an array");
    while (p.nextToken() == JsonToken.START_OBJECT) {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals("chunks")) {
          readChunks(p, each);
        } else {
          p.skipChildren();
        }
      }
    }
    expect(p.currentToken(), JsonToken.END_ARRAY, "an entry of disks is not an object");
  }

  private void readChunks(JsonParser p, Consumer<BackupObject> each) throws IOException {
    expect(p.currentToken(), JsonToken.START_ARRAY, "a disk's chunks is not an array");
    while (p.nextToken() == JsonToken.START_ARRAY) {
      JsonToken hash = p.nextToken();
      String sha256 =
          switch (hash) {
            case VALUE_NULL -> null;
            case VALUE_STRING -> p.getText();
            default -> throw invalid("a chunk entry does not start with a SHA-256 or null");
          };
      expect(p.nextToken(), JsonToken.VALUE_NUMBER_INT, "a chunk entry has no integer length");
      long length = p.getLongValue();
      expect(p.nextToken(), JsonToken.END_ARRAY, "a chunk entry has more than two elements");
      if (sha256 == null) {
        continue; // all-zero: not stored
      }
      if (!SHA256_HEX.matcher(sha256).matches()) {
        throw invalid("it names a chunk by '" + sha256 + "', not a lower-case hex SHA-256");
      }
      if (length <= 0 || length > maxObjectBytes) {
        throw invalid(
            "chunk " + sha256 + " has length " + length + ", outside 1.." + maxObjectBytes);
      }
      each.accept(new BackupObject(BackupLayout.chunk(sha256), length, sha256, true));
    }
    expect(p.currentToken(), JsonToken.END_ARRAY, "a chunk entry is not an array");
  }

  private void readFiles(JsonParser p, Consumer<BackupObject> each) throws IOException {
    expect(p.currentToken(), JsonToken.START_ARRAY, "files is not an array");
    while (p.nextToken() == JsonToken.START_OBJECT) {
      String key = null;
      long size = -1;
      String sha256 = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "key" -> key = value == JsonToken.VALUE_STRING ? p.getText() : null;
          case "size" -> size = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
          case "sha256" -> sha256 = value == JsonToken.VALUE_STRING ? p.getText() : null;
          default -> p.skipChildren();
        }
      }
      if (key == null || sha256 == null || size < 0) {
        throw invalid("a files entry lacks a key, size or sha256");
      }
      if (!key.startsWith(filesPrefix)
          || key.contains("..")
          || key.length() == filesPrefix.length()) {
        throw invalid("it names file " + key + ", which is not under " + filesPrefix);
      }
      if (!SHA256_HEX.matcher(sha256).matches()) {
        throw invalid("file " + key + " has SHA-256 '" + sha256 + "', not 64 lower-case hex");
      }
      if (size > maxObjectBytes) {
        throw invalid("file " + key + " is " + size + " bytes, more than " + maxObjectBytes);
      }
      each.accept(new BackupObject(key, size, sha256, false));
    }
    expect(p.currentToken(), JsonToken.END_ARRAY, "an entry of files is not an object");
  }

  private void requireFormat(boolean checked) {
    if (!checked) {
      throw invalid("it does not start with its format (" + VmCatalogActivitiesImpl.FORMAT + ")");
    }
  }

  private void expect(JsonToken actual, JsonToken expected, String problem) {
    if (actual != expected) {
      throw invalid(problem);
    }
  }

  private InvalidManifestException invalid(String problem) {
    return new InvalidManifestException(
        "Manifest " + manifestKey + " cannot be read: " + problem + ".");
  }
}
