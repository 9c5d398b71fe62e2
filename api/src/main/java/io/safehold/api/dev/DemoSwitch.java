package io.safehold.api.dev;

import io.safehold.testbed.netdevice.SwitchEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The demo network device of {@code dev}: an emulated Cisco-IOS-style switch whose host key and
 * running config live under {@code <data-dir>/demo-switch}. Edit {@code running-config.txt} there and
 * back it up again to see a new version and a diff.
 */
final class DemoSwitch {

  static final String USER = "admin";

  private DemoSwitch() {}

  static SwitchEmulator start(Path dir, String password) throws IOException {
    Files.createDirectories(dir);
    return SwitchEmulator.builder()
        .hostname("demo-switch")
        .user(USER, password)
        .hostKeyFile(dir.resolve("host.key"))
        .runningConfigFile(dir.resolve("running-config.txt"))
        .start();
  }
}
