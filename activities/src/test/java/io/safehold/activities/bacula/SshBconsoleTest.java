package io.safehold.activities.bacula;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.safehold.activities.bacula.BaculaException.Kind;
import io.safehold.catalog.BaculaDirectorRow;
import io.safehold.catalog.CredentialDao;
import io.safehold.catalog.CredentialRow;
import io.safehold.catalog.secrets.CredentialVault;
import io.safehold.catalog.testing.TestDatabase;
import io.safehold.testbed.bacula.BaculaTestbed;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * bconsole over SSH: a real SSH server (Apache MINA SSHD, in-process) that runs the command it is
 * given as a process without a shell, here the real bconsole against the real Bacula testbed.
 */
class SshBconsoleTest {

  private static final String USER = "bacula-op";
  private static final String PASSWORD = "ssh-pass-for-bconsole";

  private static BaculaTestbed bacula;
  private static SshServer sshd;
  private static String fingerprint;
  private static final List<String> commands = new CopyOnWriteArrayList<>();

  private Jdbi jdbi;
  private CredentialVault vault;

  @BeforeAll
  static void start() throws Exception {
    bacula = BaculaTestbed.start();
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair hostKey = generator.generateKeyPair();
    fingerprint = KeyUtils.getFingerPrint(BuiltinDigests.sha256, hostKey.getPublic());
    sshd = SshServer.setUpDefaultServer();
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    sshd.setPasswordAuthenticator(
        (user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
    ProcessShellCommandFactory processes = new ProcessShellCommandFactory();
    sshd.setCommandFactory(
        (channel, command) -> {
          commands.add(command);
          return processes.createCommand(channel, command);
        });
    sshd.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (sshd != null) {
      sshd.stop(true);
    }
    if (bacula != null) {
      bacula.close();
    }
  }

  @BeforeEach
  void setUp() {
    jdbi = TestDatabase.get().fresh().jdbi();
    vault = new CredentialVault(new byte[32]);
    commands.clear();
  }

  private BaculaDirector director(String hostKey, String password) throws BaculaException {
    UUID credentialId = UUID.randomUUID();
    jdbi.onDemand(CredentialDao.class)
        .insert(
            new CredentialRow(
                credentialId,
                "bacula-ssh-" + credentialId,
                "password",
                USER,
                vault.seal(password.getBytes(StandardCharsets.UTF_8)),
                null,
                null));
    BaculaDirectorRow row =
        new BaculaDirectorRow(
            UUID.randomUUID(),
            "remote-dir",
            "ssh",
            bacula.bconsoleConfig().toString(),
            "127.0.0.1",
            sshd.getPort(),
            hostKey,
            credentialId,
            null,
            15,
            0,
            true,
            null,
            null,
            null,
            null);
    BconsoleTransport transport =
        SshBconsole.factory(jdbi, vault).open(row, Duration.ofSeconds(60));
    return new BaculaDirector(transport, ZoneId.systemDefault(), Clock.systemUTC());
  }

  @Test
  void runsBconsoleOnTheDirectorHostWithTheCommandsOnStandardInput() throws Exception {
    List<BaculaPool> pools = director(fingerprint, PASSWORD).pools();
    assertThat(pools)
        .extracting(BaculaPool::name)
        .contains(BaculaTestbed.BACKUP_POOL, BaculaTestbed.LABEL_POOL);
    assertThat(commands)
        .containsExactly("/usr/sbin/bconsole -n -c " + bacula.bconsoleConfig())
        .noneMatch(c -> c.contains("list pools"));
  }

  @Test
  void aDifferentHostKeyIsRefusedBeforeAnyCommandRuns() throws Exception {
    String other = "SHA256:" + "A".repeat(43);
    assertThatThrownBy(() -> director(other, PASSWORD).pools())
        .hasFieldOrPropertyWithValue("kind", Kind.BAD_INPUT)
        .hasMessageContaining("does not match")
        .hasMessageContaining(fingerprint);
    assertThat(commands).isEmpty();
  }

  @Test
  void aWrongPasswordIsRefusedWithoutShowingIt() throws Exception {
    assertThatThrownBy(() -> director(fingerprint, "not-the-password").pools())
        .hasFieldOrPropertyWithValue("kind", Kind.BAD_INPUT)
        .hasMessageContaining("check the credential")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-the-password"));
    assertThat(commands).isEmpty();
  }
}
