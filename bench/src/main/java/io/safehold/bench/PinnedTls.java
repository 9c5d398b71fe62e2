package io.safehold.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * vcsim's certificate, taken over a handshake that trusts exactly the SHA-1 thumbprint vcsim
 * printed, as PEM for curl and rclone. (The benchmarks' own HTTP client is production's {@code
 * VSphereTls}.)
 */
final class PinnedTls {

  private PinnedTls() {}

  /** The certificate {@code server} shows, taken over a pinned handshake, as PEM. */
  static String certificatePem(URI server, String thumbprint) throws Exception {
    AtomicReference<X509Certificate> seen = new AtomicReference<>();
    SSLContext context = context(thumbprint, seen);
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket(server.getHost(), server.getPort())) {
      socket.startHandshake();
    }
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(seen.get().getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  private static SSLContext context(String thumbprint, AtomicReference<X509Certificate> seen)
      throws Exception {
    String pinned = thumbprint.replace(":", "");
    TrustManager pinning =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType)
              throws CertificateException {
            throw new CertificateException("client side only");
          }

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType)
              throws CertificateException {
            try {
              byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(chain[0].getEncoded());
              if (!HexFormat.of().withUpperCase().formatHex(sha1).equals(pinned)) {
                throw new CertificateException("not the pinned certificate " + pinned);
              }
            } catch (NoSuchAlgorithmException e) {
              throw new CertificateException(e);
            }
            seen.set(chain[0]);
          }

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {pinning}, new SecureRandom());
    return context;
  }
}
