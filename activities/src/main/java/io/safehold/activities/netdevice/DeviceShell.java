package io.safehold.activities.netdevice;

import io.safehold.activities.netdevice.SshFailure.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * A device's interactive CLI: sends a command, answers the pager, and reads until the prompt comes
 * back. Returns what the command printed without its echo and the closing prompt.
 */
final class DeviceShell implements AutoCloseable {

  private final DeviceSsh connection;
  private final Session session;
  private final Session.Shell shell;
  private final DeviceProfile profile;
  private final Duration readTimeout;
  private final InputStream in;
  private final OutputStream out;
  private String promptLine;

  DeviceShell(
      DeviceSsh connection,
      Session session,
      Session.Shell shell,
      DeviceProfile profile,
      Duration readTimeout) {
    this.connection = connection;
    this.session = session;
    this.shell = shell;
    this.profile = profile;
    this.readTimeout = readTimeout;
    this.in = shell.getInputStream();
    this.out = shell.getOutputStream();
  }

  /** Reads the banner up to the first prompt. */
  void awaitPrompt() throws SshFailure {
    readUntilPrompt(null);
  }

  /** The last prompt the device showed, e.g. {@code core-sw1#}. */
  String promptLine() {
    return promptLine;
  }

  /** Runs one command and returns its output, raw but without echo and prompt. */
  String run(String command) throws SshFailure {
    try {
      out.write((command + profile.newline()).getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new SshFailure(
          Kind.CONNECT,
          "device " + connection.deviceName() + " closed the session before '" + command + "'",
          e);
    }
    String text = readUntilPrompt(command);
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    if (!lines.isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    if (!lines.isEmpty()
        && ConfigNormalizer.visibleLine(lines.get(0)).strip().endsWith(command.strip())) {
      lines.remove(0);
    }
    return String.join("\n", lines);
  }

  /** Reads until the prompt; {@code command} is what was sent, null at login. */
  private String readUntilPrompt(String command) throws SshFailure {
    try {
      return readUntilPromptOrFail(command);
    } catch (SshFailure e) {
      throw e;
    } catch (IOException e) {
      throw new SshFailure(
          Kind.CONNECT,
          "lost the session with device "
              + connection.deviceName()
              + " during "
              + step(command)
              + ": "
              + DeviceSsh.describe(e),
          e);
    }
  }

  private String readUntilPromptOrFail(String command) throws IOException {
    Received received = new Received();
    byte[] buffer = new byte[16 * 1024];
    int answeredPagerAt = 0;
    long silentSince = System.nanoTime();
    long pause = 1;
    while (true) {
      int available = in.available();
      if (available > 0) {
        int read = in.read(buffer, 0, Math.min(available, buffer.length));
        received.write(buffer, 0, read);
        if (received.size() > DeviceSsh.MAX_OUTPUT_BYTES) {
          throw connection.tooLarge(step(command));
        }
        silentSince = System.nanoTime();
        pause = 1;
        if (in.available() > 0) {
          continue;
        }
        if (profile.pager() != null
            && profile.pager().matcher(received.lastLine(answeredPagerAt)).find()) {
          out.write(profile.pagerContinue().getBytes(StandardCharsets.UTF_8));
          out.flush();
          answeredPagerAt = received.size();
          continue;
        }
        String lastLine = received.lastLine(0);
        if (profile.isPrompt(lastLine)) {
          promptLine = lastLine.strip();
          return received.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
        }
        continue;
      }
      if (!shell.isOpen() || shell.isEOF()) {
        throw new SshFailure(
            Kind.CONNECT,
            "device " + connection.deviceName() + " closed the session during " + step(command),
            null);
      }
      if (System.nanoTime() - silentSince > readTimeout.toNanos()) {
        throw connection.silent(
            (command == null
                    ? "waiting for its first prompt"
                    : "waiting for the prompt after '" + command + "'")
                + " (does its prompt match the "
                + profile.type()
                + " profile?)");
      }
      pause = DeviceSsh.sleep(pause);
    }
  }

  private static String step(String command) {
    return command == null ? "login" : "'" + command + "'";
  }

  /** What the device sent so far; looks at its last line without copying the whole output. */
  private static final class Received extends ByteArrayOutputStream {

    /** The visible text after the last line feed, ignoring bytes before {@code from}. */
    String lastLine(int from) {
      int start = from;
      for (int i = count - 1; i >= from; i--) {
        if (buf[i] == '\n') {
          start = i + 1;
          break;
        }
      }
      return ConfigNormalizer.visibleLine(
          new String(buf, start, count - start, StandardCharsets.UTF_8));
    }
  }

  @Override
  public void close() {
    DeviceSsh.closeQuietly(shell);
    DeviceSsh.closeQuietly(session);
  }
}
