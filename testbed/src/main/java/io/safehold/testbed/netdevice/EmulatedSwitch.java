package io.safehold.testbed.netdevice;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** The device behind the emulator's shell and exec channels: what each command prints. */
final class EmulatedSwitch {

  private static final DateTimeFormatter CHANGE_TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss 'UTC' EEE MMM d yyyy", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final long BASE_UPTIME_MINUTES = 31_337;

  private final String hostname;
  private final String model;
  private final String osVersion;
  private final String serial;
  private final Supplier<String> runningConfig;
  private final Clock clock;
  private final Instant bootedAt;
  private final AtomicLong calls = new AtomicLong();

  EmulatedSwitch(
      String hostname,
      String model,
      String osVersion,
      String serial,
      Supplier<String> runningConfig,
      Clock clock) {
    this.hostname = hostname;
    this.model = model;
    this.osVersion = osVersion;
    this.serial = serial;
    this.runningConfig = runningConfig;
    this.clock = clock;
    this.bootedAt = clock.instant();
  }

  /** What a command line did: lines to print, a new terminal length, or the end of the session. */
  record Reply(List<String> lines, Integer terminalLength, boolean exit) {
    static Reply print(List<String> lines) {
      return new Reply(lines, null, false);
    }
  }

  String hostname() {
    return hostname;
  }

  String prompt() {
    return hostname + "#";
  }

  List<String> banner() {
    return List.of(
        "",
        "****************************************************************",
        "* " + hostname + ": authorised access only. Activity is logged.",
        "****************************************************************",
        "");
  }

  /** Runs one command line, accepting IOS-style abbreviations such as {@code sh run}. */
  Reply execute(String line) {
    String trimmed = line.strip();
    if (trimmed.isEmpty()) {
      return Reply.print(List.of());
    }
    String[] words = trimmed.split("\\s+");
    if (matches(words, "exit") || matches(words, "quit") || matches(words, "logout")) {
      return new Reply(List.of(), null, true);
    }
    if (matches(words, "enable")) {
      return Reply.print(List.of());
    }
    if (matches(words, "show", "version")) {
      return Reply.print(showVersion());
    }
    if (matches(words, "show", "inventory")) {
      return Reply.print(showInventory());
    }
    if (matches(words, "show", "running-config")) {
      return Reply.print(showRunningConfig());
    }
    if (words.length == 3 && matches(Arrays.copyOf(words, 2), "terminal", "length")) {
      Integer length = parseLength(words[2]);
      if (length != null) {
        return new Reply(List.of(), length, false);
      }
    }
    if (words.length == 3
        && matches(Arrays.copyOf(words, 2), "terminal", "width")
        && parseLength(words[2]) != null) {
      return Reply.print(List.of());
    }
    int caret = trimmed.indexOf(words[Math.min(firstUnknownWord(words), words.length - 1)]);
    return Reply.print(
        List.of(
            " ".repeat(prompt().length() + caret) + "^",
            "% Invalid input detected at '^' marker.",
            ""));
  }

  private static Integer parseLength(String word) {
    try {
      int value = Integer.parseInt(word);
      return value >= 0 && value <= 512 ? value : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean matches(String[] words, String... keywords) {
    if (words.length != keywords.length) {
      return false;
    }
    for (int i = 0; i < words.length; i++) {
      if (!abbreviates(words[i], keywords[i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean abbreviates(String word, String keyword) {
    String lower = word.toLowerCase(Locale.ROOT);
    return keyword.startsWith(lower) && (lower.length() >= 2 || keyword.length() == 1);
  }

  private static int firstUnknownWord(String[] words) {
    String[][] known = {
      {"show", "terminal", "exit", "enable"},
      {"version", "inventory", "running-config", "length", "width"}
    };
    for (int i = 0; i < words.length && i < known.length; i++) {
      String word = words[i];
      if (Arrays.stream(known[i]).noneMatch(keyword -> abbreviates(word, keyword))) {
        return i;
      }
    }
    return Math.min(words.length - 1, known.length);
  }

  private List<String> showVersion() {
    long minutes =
        BASE_UPTIME_MINUTES
            + Duration.between(bootedAt, clock.instant()).toMinutes()
            + calls.incrementAndGet();
    String uptime =
        String.format(
            Locale.ROOT,
            "%d weeks, %d days, %d hours, %d minutes",
            minutes / (7 * 24 * 60),
            minutes / (24 * 60) % 7,
            minutes / 60 % 24,
            minutes % 60);
    String image = "c3750e-universalk9-mz." + osVersion.replaceAll("[^0-9A-Za-z]", "") + ".bin";
    String family = model.replaceAll("-.*", "");
    return List.of(
        "Cisco IOS Software, C3750E Software (C3750E-UNIVERSALK9-M), Version "
            + osVersion
            + ", RELEASE SOFTWARE (fc2)",
        "Technical Support: http://www.cisco.com/techsupport",
        "Copyright (c) 1986-2020 by Cisco Systems, Inc.",
        "Compiled Tue 31-Mar-20 03:04 by prod_rel_team",
        "",
        "ROM: Bootstrap program is C3750E boot loader",
        "BOOTLDR: C3750E Boot Loader (C3750X-HBOOT-M) Version 15.2(3r)E, RELEASE SOFTWARE (fc1)",
        "",
        hostname + " uptime is " + uptime,
        "System returned to ROM by power-on",
        "System image file is \"flash:" + image + "\"",
        "",
        "cisco " + family + " (PowerPC405) processor (revision A0) with 262144K bytes of memory.",
        "Processor board ID " + serial,
        "Last reset from power-on",
        "2 Virtual Ethernet interfaces",
        "1 FastEthernet interface",
        "52 Gigabit Ethernet interfaces",
        "2 Ten Gigabit Ethernet interfaces",
        "The password-recovery mechanism is enabled.",
        "",
        "512K bytes of flash-simulated non-volatile configuration memory.",
        "Base ethernet MAC Address       : 00:1E:BD:4A:12:80",
        "Motherboard assembly number     : 73-12554-08",
        "Model revision number           : A0",
        "Model number                    : " + model,
        "System serial number            : " + serial,
        "",
        "Switch Ports Model              SW Version            SW Image",
        "------ ----- -----              ----------            ----------",
        "*    1 54    " + pad(model, 18) + " " + pad(osVersion, 21) + " C3750E-UNIVERSALK9-M",
        "",
        "Configuration register is 0xF",
        "");
  }

  private List<String> showInventory() {
    return List.of(
        "NAME: \"1\", DESCR: \"" + model.replaceAll("-[A-Z]$", "") + "\"",
        "PID: " + pad(model, 18) + ", VID: V02  , SN: " + serial,
        "",
        "NAME: \"Switch 1 - Power Supply 0\", DESCR: \"FRU Power Supply\"",
        "PID: C3KX-PWR-715WAC    , VID: V02  , SN: LIT" + serial.substring(3),
        "");
  }

  private List<String> showRunningConfig() {
    List<String> body = new ArrayList<>(List.of(runningConfig.get().split("\r?\n", -1)));
    while (!body.isEmpty() && body.get(body.size() - 1).isBlank()) {
      body.remove(body.size() - 1);
    }
    String ntp = "ntp clock-period " + (17_179_860 + calls.incrementAndGet());
    int end = body.lastIndexOf("end");
    body.add(end >= 0 ? end : body.size(), ntp);
    List<String> lines = new ArrayList<>();
    lines.add("!");
    lines.add(
        "! Last configuration change at " + CHANGE_TIME.format(clock.instant()) + " by admin");
    lines.add("!");
    lines.addAll(body);
    long bytes = lines.stream().mapToLong(l -> l.length() + 1).sum();
    List<String> output = new ArrayList<>();
    output.add("Building configuration...");
    output.add("");
    output.add("Current configuration : " + bytes + " bytes");
    output.addAll(lines);
    output.add("");
    return output;
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }

  /** A stable, realistic-looking serial number for a hostname. */
  static String serialFor(String hostname) {
    String digits = String.format(Locale.ROOT, "%08X", hostname.hashCode());
    return "FDO" + digits.substring(0, 4) + "X" + digits.substring(4, 7);
  }

  /** The running config a new emulator starts with: long enough to need the pager. */
  static String defaultConfig(String hostname) {
    StringBuilder config = new StringBuilder();
    config
        .append("version 15.2\n")
        .append("no service pad\n")
        .append("service timestamps debug datetime msec\n")
        .append("service timestamps log datetime msec\n")
        .append("service password-encryption\n")
        .append("!\n")
        .append("hostname ")
        .append(hostname)
        .append("\n")
        .append("!\n")
        .append("boot-start-marker\n")
        .append("boot-end-marker\n")
        .append("!\n")
        .append("logging buffered 16384\n")
        .append("no aaa new-model\n")
        .append("clock timezone UTC 0 0\n")
        .append("switch 1 provision ws-c3750x-48p\n")
        .append("system mtu routing 1500\n")
        .append("ip domain-name lab.example.net\n")
        .append("!\n")
        .append("spanning-tree mode rapid-pvst\n")
        .append("spanning-tree extend system-id\n")
        .append("!\n")
        .append("vlan internal allocation policy ascending\n")
        .append("!\n");
    for (int port = 1; port <= 12; port++) {
      config
          .append("interface GigabitEthernet1/0/")
          .append(port)
          .append("\n")
          .append(" description access port ")
          .append(port)
          .append("\n")
          .append(" switchport access vlan ")
          .append(port <= 6 ? 10 : 20)
          .append("\n")
          .append(" switchport mode access\n")
          .append(" spanning-tree portfast\n")
          .append("!\n");
    }
    config
        .append("interface Vlan10\n")
        .append(" ip address 10.10.0.2 255.255.255.0\n")
        .append("!\n")
        .append("ip default-gateway 10.10.0.1\n")
        .append("no ip http server\n")
        .append("no ip http secure-server\n")
        .append("!\n")
        .append("snmp-server community public RO\n")
        .append("!\n")
        .append("line con 0\n")
        .append("line vty 0 4\n")
        .append(" login local\n")
        .append(" transport input ssh\n")
        .append("line vty 5 15\n")
        .append(" login local\n")
        .append(" transport input ssh\n")
        .append("!\n")
        .append("end\n");
    return config.toString();
  }
}
