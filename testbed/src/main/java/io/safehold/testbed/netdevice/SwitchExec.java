package io.safehold.testbed.netdevice;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/** One command on an exec channel ({@code ssh switch show version}): no banner, prompt or pager. */
final class SwitchExec implements Command {

  private final EmulatedSwitch device;
  private final String command;
  private final ExecutorService executor;
  private OutputStream out;
  private OutputStream err;
  private ExitCallback exitCallback;

  SwitchExec(EmulatedSwitch device, String command, ExecutorService executor) {
    this.device = device;
    this.command = command;
    this.executor = executor;
  }

  @Override
  public void setInputStream(InputStream in) {
    // exec commands read nothing from the client
  }

  @Override
  public void setOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void setErrorStream(OutputStream err) {
    this.err = err;
  }

  @Override
  public void setExitCallback(ExitCallback callback) {
    this.exitCallback = callback;
  }

  @Override
  public void start(ChannelSession channel, Environment env) {
    executor.submit(this::run);
  }

  @Override
  public void destroy(ChannelSession channel) {
    // run() finishes on its own; output is small
  }

  private void run() {
    int status = 0;
    try {
      EmulatedSwitch.Reply reply = device.execute(command);
      boolean invalid = reply.lines().stream().anyMatch(line -> line.startsWith("% Invalid input"));
      OutputStream target = invalid ? err : out;
      status = invalid ? 1 : 0;
      for (String line : reply.lines()) {
        target.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      }
      target.flush();
    } catch (IOException e) {
      status = 255;
    } finally {
      exitCallback.onExit(status);
    }
  }
}
