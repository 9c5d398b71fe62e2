package io.safehold.activities.bacula;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for the four shapes bconsole prints: {@code llist} records ("Key: value" lines, records
 * separated by blank lines), {@code .api 2} status blocks ("key=value"), {@code .sql} rows (every
 * field followed by a tab, rows not separated at all in 9.6) and {@code list} tables (ASCII boxes,
 * one per pool for volumes). Lines of any other shape (notices such as "Using Catalog") are
 * skipped, so a director that adds a line does not break the parse.
 */
final class BconsoleOutput {

  private static final Pattern LLIST_LINE = Pattern.compile("^\\s*([A-Za-z][A-Za-z0-9_]*): ?(.*)$");
  private static final Pattern API_LINE = Pattern.compile("^([a-z][a-z0-9_]*)=(.*)$");
  private static final Pattern POOL_HEADING = Pattern.compile("^Pool: (.+)$");

  private BconsoleOutput() {}

  /**
   * Records of an {@code llist} command, each as field name to value in print order. A heading such
   * as "Pool: Default" right before a record becomes that record's {@code Pool} field; a heading
   * with no record under it ("No results to list.") is dropped.
   */
  static List<Map<String, String>> llist(String output) {
    List<Map<String, String>> records = new ArrayList<>();
    Map<String, String> current = new LinkedHashMap<>();
    for (String line : output.split("\n", -1)) {
      Matcher matcher = LLIST_LINE.matcher(line);
      if (matcher.matches()) {
        current.put(matcher.group(1), matcher.group(2).strip());
      } else if (line.isBlank()) {
        flush(records, current);
        current = new LinkedHashMap<>();
      }
    }
    flush(records, current);
    return records;
  }

  private static void flush(List<Map<String, String>> records, Map<String, String> record) {
    if (record.size() > 1) {
      records.add(record);
    }
  }

  /** Blocks of {@code key=value} lines that {@code .status dir ...} prints after {@code .api 2}. */
  static List<Map<String, String>> apiBlocks(String output) {
    List<Map<String, String>> blocks = new ArrayList<>();
    Map<String, String> current = new LinkedHashMap<>();
    for (String line : output.split("\n", -1)) {
      Matcher matcher = API_LINE.matcher(line);
      if (matcher.matches()) {
        current.put(matcher.group(1), matcher.group(2));
      } else if (line.isBlank() && !current.isEmpty()) {
        blocks.add(current);
        current = new LinkedHashMap<>();
      }
    }
    if (!current.isEmpty()) {
      blocks.add(current);
    }
    return blocks;
  }

  /**
   * Rows of a {@code .sql query="..."} with {@code columns} selected columns. Bacula 9.6 follows
   * every field with a tab and does not separate rows, so rows are cut by count; the queries
   * therefore select no free text that could hold a tab.
   *
   * @throws BaculaException FAILED when the director reports a query error or the field count is
   *     not a multiple of {@code columns}
   */
  static List<List<String>> sqlRows(String output, int columns) throws BaculaException {
    String text = output.strip().isEmpty() ? "" : stripTrailingNewlines(output);
    if (text.startsWith("Query failed") || text.contains("ERR=")) {
      throw new BaculaException(
          BaculaException.Kind.FAILED, "The Bacula director refused a catalog query: " + text);
    }
    if (text.isEmpty()) {
      return List.of();
    }
    List<String> fields = new ArrayList<>(List.of(text.split("\t", -1)));
    if (!fields.isEmpty() && fields.get(fields.size() - 1).isEmpty()) {
      fields.remove(fields.size() - 1);
    }
    if (fields.size() % columns != 0) {
      throw new BaculaException(
          BaculaException.Kind.FAILED,
          "The Bacula director answered a catalog query with "
              + fields.size()
              + " fields, not a multiple of "
              + columns
              + " columns.");
    }
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < fields.size(); i += columns) {
      rows.add(List.copyOf(fields.subList(i, i + columns)));
    }
    return rows;
  }

  private static String stripTrailingNewlines(String text) {
    int end = text.length();
    while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return text.substring(0, end);
  }

  /**
   * Rows of {@code list} tables, each as column header to cell. Several tables (one per pool in
   * {@code list volumes}) are joined; the "Pool: X" heading before a table becomes a {@code Pool}
   * column unless the table has its own.
   */
  static List<Map<String, String>> table(String output) {
    List<Map<String, String>> rows = new ArrayList<>();
    List<String> header = null;
    String pool = null;
    for (String line : output.split("\n", -1)) {
      Matcher heading = POOL_HEADING.matcher(line);
      if (heading.matches()) {
        pool = heading.group(1).strip();
        header = null;
        continue;
      }
      if (!line.startsWith("|")) {
        continue;
      }
      List<String> cells = cells(line);
      if (header == null) {
        header = cells;
        continue;
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size() && i < cells.size(); i++) {
        row.put(header.get(i), cells.get(i));
      }
      if (pool != null) {
        row.putIfAbsent("Pool", pool);
      }
      rows.add(row);
    }
    return rows;
  }

  private static List<String> cells(String line) {
    String inner = line.strip();
    inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
    List<String> cells = new ArrayList<>();
    for (String cell : inner.split("\\|", -1)) {
      cells.add(cell.strip());
    }
    return cells;
  }
}
