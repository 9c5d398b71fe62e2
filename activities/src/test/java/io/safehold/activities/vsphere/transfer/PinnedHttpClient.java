package io.safehold.activities.vsphere.transfer;

import io.safehold.testbed.vcsim.VcsimProcess;
import java.net.http.HttpClient;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** An HTTP client that trusts exactly the certificate whose SHA-1 thumbprint vcsim printed. */
final class PinnedHttpClient {

  private PinnedHttpClient() {}

  static HttpClient forVcsim(VcsimProcess vcsim) throws Exception {
    String pinned = vcsim.thumbprint().replace(":", "");
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
          }

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {pinning}, new SecureRandom());
    return HttpClient.newBuilder()
        .sslContext(context)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }
}
