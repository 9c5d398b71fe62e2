package io.safehold.activities.vsphere;

import java.util.Objects;

/**
 * A file on a datastore as vSphere names it: {@code [LocalDS_0] DC0_H0_VM0/disk1.vmdk}.
 *
 * @param datastore the datastore's name ({@code LocalDS_0})
 * @param path the path inside the datastore ({@code DC0_H0_VM0/disk1.vmdk}), without leading slash
 */
public record DatastorePath(String datastore, String path) {

  public DatastorePath {
    Objects.requireNonNull(datastore, "datastore");
    Objects.requireNonNull(path, "path");
  }

  /**
   * Parses {@code [datastore] path}.
   *
   * @throws IllegalArgumentException when {@code text} does not start with a bracketed name
   */
  public static DatastorePath parse(String text) {
    if (text != null && text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close > 1) {
        String path = text.substring(close + 1).trim();
        while (path.startsWith("/")) {
          path = path.substring(1);
        }
        return new DatastorePath(text.substring(1, close), path);
      }
    }
    throw new IllegalArgumentException(
        "A datastore path looks like '[datastore] folder/file', got '" + text + "'");
  }

  /** The directory part of {@link #path()}, empty for a file at the datastore's root. */
  public String directory() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /** The file name part of {@link #path()}. */
  public String fileName() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The same datastore and directory, another file. */
  public DatastorePath sibling(String fileName) {
    String directory = directory();
    return new DatastorePath(
        datastore, directory.isEmpty() ? fileName : directory + "/" + fileName);
  }

  @Override
  public String toString() {
    return "[" + datastore + "] " + path;
  }
}
