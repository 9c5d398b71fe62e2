package io.safehold.activities.bacula;

import io.safehold.activities.bacula.BaculaException.Kind;
import io.safehold.activities.netdevice.HostKeyCheck;
import io.safehold.catalog.BaculaDirectorRow;
import io.safehold.catalog.CredentialDao;
import io.safehold.catalog.CredentialRow;
import io.safehold.catalog.secrets.CredentialVault;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.password.PasswordUtils;
import org.jdbi.v3.core.Jdbi;

/**
 * Runs {@code bconsole -n -c <config>} on the director host over SSH (SSHJ), with the host key
 * verified against the director's stored fingerprint, and feeds the commands on the channel's
 * standard input. The remote command line holds only the bconsole path and the config path (both
 * checked against a strict pattern), never console input, so the remote login shell never sees a
 * caller's text.
 */
public final class SshBconsole implements BconsoleTransport {

  /** Builds a transport for a director row, resolving its credential. */
  public interface Factory {
    BconsoleTransport open(BaculaDirectorRow row, Duration timeout) throws BaculaException;
  }

  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "bconsole-ssh-watchdog");
            thread.setDaemon(true);
            return thread;
          });

  private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9/._-]{1,255}");
  private static final String REMOTE_BCONSOLE = "/usr/sbin/bconsole";

  private final String name;
  private final String host;
  private final int port;
  private final String hostKey;
  private final String username;
  private final String password;
  private final String privateKey;
  private final String passphrase;
  private final String config;
  private final Duration timeout;

  private SshBconsole(
      BaculaDirectorRow row,
      String username,
      String password,
      String privateKey,
      String passphrase,
      Duration timeout) {
    this.name = row.name();
    this.host = row.sshHost();
    this.port = row.sshPort();
    this.hostKey = row.sshHostKey();
    this.username = username;
    this.password = password;
    this.privateKey = privateKey;
    this.passphrase = passphrase;
    this.config = row.bconsoleConfig();
    this.timeout = timeout;
  }

  /** A factory that decrypts the director's credential with {@code vault}. */
  public static Factory factory(Jdbi jdbi, CredentialVault vault) {
    return (row, timeout) -> {
      if (row.sshHost() == null || row.sshHostKey() == null || row.credentialId() == null) {
        throw new BaculaException(
            Kind.BAD_INPUT,
            "Director " + row.name() + " uses SSH but lacks its host, host key or credential.");
      }
      if (!SAFE_PATH.matcher(row.bconsoleConfig()).matches()) {
        throw new BaculaException(
            Kind.BAD_INPUT,
            "Director " + row.name() + " has a bconsole config path SSH cannot pass safely.");
      }
      CredentialRow credential =
          jdbi.onDemand(CredentialDao.class)
              .find(row.credentialId())
              .orElseThrow(
                  () ->
                      new BaculaException(
                          Kind.BAD_INPUT,
                          "The credential of director " + row.name() + " no longer exists."));
      String secret = vault.openText(credential.secretEnc());
      String passphrase = vault.openText(credential.passphraseEnc());
      boolean key = "private-key".equals(credential.kind());
      return new SshBconsole(
          row,
          credential.username(),
          key ? null : secret,
          key ? secret : null,
          passphrase,
          timeout);
    };
  }

  @Override
  public String run(List<String> commands) throws BaculaException {
    HostKeyCheck check = HostKeyCheck.expecting(name, hostKey);
    try (SSHClient client = new SSHClient(new DefaultConfig())) {
      client.addHostKeyVerifier(check);
      int millis = (int) Math.min(Integer.MAX_VALUE, Duration.ofSeconds(15).toMillis());
      client.setConnectTimeout(millis);
      client.setTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      try {
        client.connect(host, port);
      } catch (IOException e) {
        String refusal = check.refusal();
        if (refusal != null) {
          throw new BaculaException(Kind.BAD_INPUT, refusal);
        }
        throw new BaculaException(
            Kind.UNAVAILABLE,
            "Cannot connect over SSH to " + describe() + ": " + e.getMessage(),
            e);
      }
      try {
        if (privateKey != null) {
          client.authPublickey(
              username,
              client.loadKeys(
                  privateKey,
                  null,
                  passphrase == null
                      ? null
                      : PasswordUtils.createOneOff(passphrase.toCharArray())));
        } else {
          client.authPassword(username, password);
        }
      } catch (UserAuthException e) {
        throw new BaculaException(
            Kind.BAD_INPUT,
            "SSH login as "
                + username
                + " to "
                + describe()
                + " was refused; check the credential.");
      }
      // Reads on an SSH channel wait without a limit of their own: close the client at the
      // deadline, which ends any read with an IOException.
      AtomicBoolean expired = new AtomicBoolean();
      ScheduledFuture<?> watchdog =
          WATCHDOG.schedule(
              () -> {
                expired.set(true);
                closeQuietly(client);
              },
              timeout.toMillis(),
              TimeUnit.MILLISECONDS);
      try (Session session = client.startSession()) {
        Session.Command command = session.exec(REMOTE_BCONSOLE + " -n -c " + config);
        try (OutputStream in = command.getOutputStream()) {
          in.write((String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String output = readAll(command.getInputStream());
        command.join(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return output;
      } catch (IOException e) {
        if (expired.get()) {
          throw new BaculaException(
              Kind.UNAVAILABLE,
              describe() + " did not finish within " + timeout.toSeconds() + " s.");
        }
        throw e;
      } finally {
        watchdog.cancel(false);
      }
    } catch (IOException e) {
      throw new BaculaException(
          Kind.UNAVAILABLE, "The SSH session to " + describe() + " failed: " + e.getMessage(), e);
    }
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[16 * 1024];
    int read;
    while ((read = in.read(buffer)) >= 0) {
      if (bytes.size() + read > LocalBconsole.MAX_OUTPUT_BYTES) {
        throw new IOException("bconsole printed more than 64 MiB");
      }
      bytes.write(buffer, 0, read);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static void closeQuietly(SSHClient client) {
    try {
      client.close();
    } catch (IOException e) {
      // Closing to end a session that overran; nothing more to do.
    }
  }

  @Override
  public String describe() {
    return "bconsole on " + host + ":" + port + " (" + config + ")";
  }
}
