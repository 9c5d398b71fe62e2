package io.safehold.testbed.netdevice;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * The interactive CLI on a shell channel: echoes what is typed like a terminal, prints a {@code
 * --More--} pager after each screen unless {@code terminal length 0} was sent (space continues,
 * enter shows one more line, q stops).
 */
final class SwitchShell implements Command {

  private static final int DEFAULT_TERMINAL_LENGTH = 24;
  private static final String MORE = " --More-- ";
  private static final String ERASE_MORE =
      "\b".repeat(MORE.length()) + " ".repeat(MORE.length()) + "\b".repeat(MORE.length());

  private final EmulatedSwitch device;
  private final ExecutorService executor;
  private InputStream in;
  private OutputStream out;
  private ExitCallback exitCallback;
  private Future<?> session;
  private int terminalLength = DEFAULT_TERMINAL_LENGTH;
  private boolean skipLineFeed;

  SwitchShell(EmulatedSwitch device, ExecutorService executor) {
    this.device = device;
    this.executor = executor;
  }

  @Override
  public void setInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public void setOutputStream(OutputStream out) {
    this.out = new BufferedOutputStream(out, 8192);
  }

  @Override
  public void setErrorStream(OutputStream err) {
    // a terminal has one output stream; errors print inline like on a real switch
  }

  @Override
  public void setExitCallback(ExitCallback callback) {
    this.exitCallback = callback;
  }

  @Override
  public void start(ChannelSession channel, Environment env) {
    session = executor.submit(this::run);
  }

  @Override
  public void destroy(ChannelSession channel) {
    if (session != null) {
      session.cancel(true);
    }
  }

  private void run() {
    try {
      for (String line : device.banner()) {
        write(line + "\r\n");
      }
      write(device.prompt());
      out.flush();
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != -1; c = in.read()) {
        if (c == '\n' && skipLineFeed) {
          skipLineFeed = false;
          continue;
        }
        skipLineFeed = c == '\r';
        if (c == '\r' || c == '\n') {
          write("\r\n");
          EmulatedSwitch.Reply reply = device.execute(line.toString());
          line.setLength(0);
          if (reply.exit()) {
            out.flush();
            break;
          }
          if (reply.terminalLength() != null) {
            terminalLength = reply.terminalLength();
          }
          if (!print(reply.lines())) {
            break;
          }
          write(device.prompt());
        } else if (c == 0x7f || c == '\b') {
          if (line.length() > 0) {
            line.setLength(line.length() - 1);
            write("\b \b");
          }
        } else if (c >= ' ') {
          line.append((char) c);
          out.write(c);
        }
        if (in.available() == 0) {
          out.flush();
        }
      }
    } catch (IOException e) {
      // the client went away; nothing is left to tell it
    } finally {
      try {
        out.flush();
      } catch (IOException ignored) {
        // the channel is already closed
      }
      exitCallback.onExit(0);
    }
  }

  /** Prints with the pager; false when the client closed the session at a pager prompt. */
  private boolean print(List<String> lines) throws IOException {
    int page = terminalLength == 0 ? Integer.MAX_VALUE : terminalLength - 1;
    int shown = 0;
    for (String line : lines) {
      if (shown >= page) {
        write(MORE);
        out.flush();
        int key = readKey();
        write(ERASE_MORE);
        if (key == -1) {
          return false;
        }
        if (key == 'q' || key == 'Q') {
          return true;
        }
        page = key == '\r' || key == '\n' ? 1 : terminalLength - 1;
        shown = 0;
      }
      write(line + "\r\n");
      shown++;
    }
    return true;
  }

  private int readKey() throws IOException {
    int key = in.read();
    if (key == '\n' && skipLineFeed) {
      key = in.read();
    }
    skipLineFeed = key == '\r';
    return key;
  }

  private void write(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
  }
}
