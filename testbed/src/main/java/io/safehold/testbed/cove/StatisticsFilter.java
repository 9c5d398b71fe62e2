package io.safehold.testbed.cove;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of Cove's filter language the emulator evaluates: comparisons of a column with an
 * integer or a quoted string, joined by {@code AND}, e.g. {@code D9F00 != 5 AND D9F15 >
 * 1700000000}. Anything else (OR, parentheses, {@code 7.days().ago()}) is refused with an error
 * rather than silently ignored, so a test never passes on a filter the emulator did not apply.
 */
final class StatisticsFilter {

  private static final Pattern COMPARISON =
      Pattern.compile(
          "\\s*([A-Z][A-Z0-9]*)\\s*(==|!=|>=|<=|>|<)\\s*(-?\\d+|'[^']*'|\"[^\"]*\")\\s*");

  private record Comparison(String column, String operator, String value) {
    boolean test(EmulatedDevice device) {
      String actual = StatisticsColumns.value(device, column);
      boolean numeric = !value.startsWith("'") && !value.startsWith("\"");
      if (numeric) {
        if (!actual.matches("-?\\d+")) {
          return operator.equals("!=");
        }
        return holds(Long.compare(Long.parseLong(actual), Long.parseLong(value)));
      }
      String text = value.substring(1, value.length() - 1);
      return holds(actual.compareTo(text));
    }

    private boolean holds(int order) {
      switch (operator) {
        case "==":
          return order == 0;
        case "!=":
          return order != 0;
        case ">":
          return order > 0;
        case ">=":
          return order >= 0;
        case "<":
          return order < 0;
        default:
          return order <= 0;
      }
    }
  }

  private final List<Comparison> comparisons;

  private StatisticsFilter(List<Comparison> comparisons) {
    this.comparisons = comparisons;
  }

  /**
   * @throws RpcError when the filter is outside the supported subset or names unknown columns
   */
  static StatisticsFilter parse(String filter) throws RpcError {
    List<Comparison> comparisons = new ArrayList<>();
    if (filter == null || filter.isBlank()) {
      return new StatisticsFilter(comparisons);
    }
    for (String term : filter.split(" AND ", -1)) {
      Matcher matcher = COMPARISON.matcher(term);
      if (!matcher.matches()) {
        throw new RpcError(
            RpcError.INVALID_PARAMS,
            "Filter term '" + term.strip() + "' is not supported by the Cove emulator");
      }
      StatisticsColumns.check(matcher.group(1));
      comparisons.add(new Comparison(matcher.group(1), matcher.group(2), matcher.group(3)));
    }
    return new StatisticsFilter(comparisons);
  }

  boolean matches(EmulatedDevice device) {
    return comparisons.stream().allMatch(comparison -> comparison.test(device));
  }
}
