package io.safehold.activities.notify;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * A real SMTP server in-process (SubEthaSMTP) on 127.0.0.1: STARTTLS with a self-signed certificate
 * made by the JDK's keytool, and AUTH with one user. With {@code requireTls}, it refuses mail
 * before STARTTLS and offers AUTH only after it, so a delivered message proves both happened.
 */
final class SmtpTestServer implements AutoCloseable {

  static final String USER = "safehold";
  static final String PASSWORD = "mail-pass-42";

  /** One message as the server accepted it ({@code to}: the last envelope recipient only). */
  record Mail(String from, String to, String authenticatedAs, String data) {}

  final List<Mail> mails = new CopyOnWriteArrayList<>();
  private final SMTPServer server;
  private final String sha256;

  /**
   * @param tls offer STARTTLS and require it before MAIL and AUTH; false offers neither TLS nor
   *     AUTH
   */
  SmtpTestServer(Path dir, boolean tls) throws Exception {
    KeyStore keys = selfSignedKeyStore(dir);
    X509Certificate certificate = (X509Certificate) keys.getCertificate("smtp");
    sha256 = colonHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    SMTPServer.Builder builder =
        SMTPServer.port(0)
            .bindAddress(InetAddress.getLoopbackAddress())
            .hostName("localhost")
            .connectionTimeout(30, TimeUnit.SECONDS)
            .messageHandler(
                (context, from, to, data) ->
                    mails.add(
                        new Mail(
                            from,
                            to,
                            context
                                .getAuthenticationHandler()
                                .map(h -> String.valueOf(h.getIdentity()))
                                .orElse(null),
                            new String(data, java.nio.charset.StandardCharsets.UTF_8))));
    if (tls) {
      builder
          .enableTLS()
          .requireTLS()
          .startTlsSocketFactory(sslContext(keys))
          .authenticationHandlerFactory(
              new EasyAuthenticationHandlerFactory(
                  (user, password, context) -> {
                    if (!USER.equals(user) || !PASSWORD.equals(password)) {
                      throw new LoginFailedException();
                    }
                  }))
          .requireAuth();
    }
    server = builder.build();
    server.start();
  }

  int port() {
    return server.getPortAllocated();
  }

  /** The server certificate's SHA-256, as a target pins it. */
  String sha256() {
    return sha256;
  }

  @Override
  public void close() {
    server.stop();
  }

  private static KeyStore selfSignedKeyStore(Path dir) throws Exception {
    Path file = dir.resolve("smtp-" + System.nanoTime() + ".p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "smtp",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                file.toString(),
                "-storepass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes());
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      keys.load(in, "changeit".toCharArray());
    }
    return keys;
  }

  private static SSLContext sslContext(KeyStore keys) throws GeneralSecurityException {
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(keys, "changeit".toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(factory.getKeyManagers(), null, null);
    return context;
  }

  private static String colonHex(byte[] digest) {
    String hex = HexFormat.of().formatHex(digest).toUpperCase(Locale.ROOT);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < hex.length(); i += 2) {
      if (i > 0) {
        out.append(':');
      }
      out.append(hex, i, i + 2);
    }
    return out.toString();
  }
}
