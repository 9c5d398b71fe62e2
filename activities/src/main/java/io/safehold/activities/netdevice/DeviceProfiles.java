package io.safehold.activities.netdevice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.safehold.activities.netdevice.DeviceProfile.Fact;
import io.safehold.activities.netdevice.DeviceProfile.FactCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The device types Safehold knows, one JSON file per type: {@code <type>.json} on the classpath
 * under {@value #RESOURCE_DIR}, or in an operator's profile directory, which can add types and
 * override built-in ones. A new type is a new file, never new code.
 *
 * <p>A profile file holds: {@code description}; {@code session} ({@code shell} or {@code exec});
 * {@code prompt} (regex of the whole prompt, with an optional named group {@code hostname}); {@code
 * pager} (regex of the pager marker) and {@code pagerContinue}; {@code newline}; {@code
 * disablePaging} (commands); {@code facts} (a list of {@code {command, hostname?, model?,
 * osVersion?, serial?}} where each fact is a regex, or a list of regexes tried in order, whose
 * first group is the value, matched in multiline mode); {@code configCommands}; {@code files} (exec
 * only: read with {@code cat}); and {@code volatileLines} (regexes of lines dropped before
 * hashing).
 */
public final class DeviceProfiles {

  static final String RESOURCE_DIR = "io/safehold/activities/netdevice/profiles/";
  private static final Pattern TYPE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
          .build();

  private final Path directory;
  private final ConcurrentMap<String, Optional<DeviceProfile>> loaded = new ConcurrentHashMap<>();

  private DeviceProfiles(Path directory) {
    this.directory = directory;
  }

  /** Only the profiles shipped with Safehold. */
  public static DeviceProfiles builtIn() {
    return new DeviceProfiles(null);
  }

  /** The built-in profiles plus those in {@code directory}, which win on a name clash. */
  public static DeviceProfiles withDirectory(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException(
          "device profile directory " + directory + " does not exist");
    }
    return new DeviceProfiles(directory);
  }

  /**
   * The profile of a device type, or empty when no such type exists.
   *
   * @throws IllegalArgumentException when the type's profile file is invalid; the message names the
   *     file and the problem
   */
  public Optional<DeviceProfile> find(String type) {
    if (type == null || !TYPE_NAME.matcher(type).matches()) {
      return Optional.empty();
    }
    return loaded.computeIfAbsent(type, this::load);
  }

  private Optional<DeviceProfile> load(String type) {
    try {
      if (directory != null) {
        Path file = directory.resolve(type + ".json");
        if (Files.isRegularFile(file)) {
          return Optional.of(parse(type, Files.readString(file, StandardCharsets.UTF_8)));
        }
      }
      try (InputStream in =
          DeviceProfiles.class
              .getClassLoader()
              .getResourceAsStream(RESOURCE_DIR + type + ".json")) {
        if (in == null) {
          return Optional.empty();
        }
        return Optional.of(parse(type, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the profile of device type " + type, e);
    }
  }

  /** Parses and validates one profile document. */
  public static DeviceProfile parse(String type, String json) {
    Document doc;
    try {
      doc = JSON.readValue(json, Document.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "device profile " + type + " is not valid: " + e.getOriginalMessage(), e);
    }
    if (doc.session() == null) {
      throw new IllegalArgumentException(
          "device profile " + type + " needs a session: shell or exec");
    }
    List<FactCommand> facts = new ArrayList<>();
    for (FactDocument fact : list(doc.facts())) {
      if (fact.command() == null || fact.command().isBlank()) {
        throw new IllegalArgumentException("device profile " + type + ": a fact has no command");
      }
      Map<Fact, List<Pattern>> patterns = new EnumMap<>(Fact.class);
      putPattern(type, patterns, Fact.HOSTNAME, fact.hostname());
      putPattern(type, patterns, Fact.MODEL, fact.model());
      putPattern(type, patterns, Fact.OS_VERSION, fact.osVersion());
      putPattern(type, patterns, Fact.SERIAL, fact.serial());
      facts.add(new FactCommand(fact.command(), Map.copyOf(patterns)));
    }
    List<Pattern> volatileLines = new ArrayList<>();
    for (String regex : list(doc.volatileLines())) {
      volatileLines.add(compile(type, "volatileLines", regex, 0));
    }
    try {
      return new DeviceProfile(
          type,
          doc.description() == null ? type : doc.description(),
          doc.session(),
          doc.prompt() == null ? null : compile(type, "prompt", doc.prompt(), 0),
          doc.pager() == null ? null : compile(type, "pager", doc.pager(), 0),
          doc.pagerContinue() == null ? " " : doc.pagerContinue(),
          doc.newline() == null ? "\n" : doc.newline(),
          list(doc.disablePaging()),
          facts,
          list(doc.configCommands()),
          list(doc.files()),
          volatileLines);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "device profile " + type + " is not valid: " + e.getMessage(), e);
    }
  }

  private static void putPattern(
      String type, Map<Fact, List<Pattern>> patterns, Fact fact, List<String> regexes) {
    if (regexes != null && !regexes.isEmpty()) {
      List<Pattern> compiled = new ArrayList<>();
      for (String regex : regexes) {
        compiled.add(compile(type, "facts." + fact, regex, Pattern.MULTILINE));
      }
      patterns.put(fact, List.copyOf(compiled));
    }
  }

  private static Pattern compile(String type, String field, String regex, int flags) {
    try {
      return Pattern.compile(regex, flags);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "device profile " + type + ": " + field + " is not a valid regex: " + e.getDescription(),
          e);
    }
  }

  private static <T> List<T> list(List<T> value) {
    return value == null ? List.of() : value;
  }

  private record Document(
      String description,
      DeviceProfile.Session session,
      String prompt,
      String pager,
      String pagerContinue,
      String newline,
      List<String> disablePaging,
      List<FactDocument> facts,
      List<String> configCommands,
      List<String> files,
      List<String> volatileLines) {}

  private record FactDocument(
      String command,
      List<String> hostname,
      List<String> model,
      List<String> osVersion,
      List<String> serial) {}
}
