package io.safehold.activities.vsphere;

import java.net.Socket;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS for one vCenter endpoint, never JVM-wide and never trust-all.
 *
 * <p>With a pinned thumbprint, the server must present a leaf certificate whose SHA-1 or SHA-256
 * thumbprint is the pin; nothing else is checked (not the CA, not the host name, not the validity
 * dates), because that is how vSphere itself trusts hosts and vCenters usually carry self-signed
 * certificates for another name. Without a pin, the chain must verify against the JDK's default CA
 * trust store and name the host ({@code HttpClient} asks for HTTPS endpoint identification).
 *
 * <p>A rejected certificate fails the handshake with a {@link RejectedCertificate} that carries the
 * thumbprints the server presented, so the error can name them.
 */
public final class VSphereTls {

  private VSphereTls() {}

  /**
   * A client for {@code endpoint} only: its own SSL context, HTTP/1.1, no redirects, no cookies.
   */
  public static HttpClient httpClient(VSphereEndpoint endpoint) {
    return HttpClient.newBuilder()
        .sslContext(sslContext(endpoint.thumbprint()))
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(endpoint.requestTimeout())
        .build();
  }

  /** An SSL context that trusts exactly {@code pin}, or the JDK's CA store when it is null. */
  public static SSLContext sslContext(String pin) {
    X509ExtendedTrustManager trust =
        pin == null
            ? new CaTrust(defaultTrustManager())
            : new PinnedTrust(Thumbprints.requireWellFormed(pin));
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JDK could not set up TLS: " + e.getMessage(), e);
    }
  }

  private static X509ExtendedTrustManager defaultTrustManager() {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager extended) {
          return extended;
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JDK's CA trust store could not be loaded", e);
    }
    throw new IllegalStateException("The JDK offers no X.509 trust manager");
  }

  /** The handshake failed because of the server's certificate; carries what it presented. */
  static final class RejectedCertificate extends CertificateException {
    private final transient Thumbprints presented;
    private final boolean pinned;

    RejectedCertificate(Thumbprints presented, boolean pinned, String reason, Throwable cause) {
      super(reason, cause);
      this.presented = presented;
      this.pinned = pinned;
    }

    Thumbprints presented() {
      return presented;
    }

    /** True when a pin was set (a mismatch), false when the CA store refused it. */
    boolean pinned() {
      return pinned;
    }
  }

  private static Thumbprints leaf(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("The server presented no certificate");
    }
    return Thumbprints.of(chain[0]);
  }

  /** Accepts exactly the leaf certificate with the pinned thumbprint. */
  private static final class PinnedTrust extends X509ExtendedTrustManager {
    private final String pin;

    PinnedTrust(String pin) {
      this.pin = pin;
    }

    private void check(X509Certificate[] chain) throws CertificateException {
      Thumbprints presented = leaf(chain);
      if (!presented.matches(pin)) {
        throw new RejectedCertificate(
            presented, true, "certificate thumbprint is not the pinned " + pin, null);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("This trust manager only checks servers");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("This trust manager only checks servers");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("This trust manager only checks servers");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /**
   * The JDK's CA verification (with the endpoint identification the engine asks for), reporting the
   * presented thumbprints when it refuses.
   */
  private static final class CaTrust extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;

    CaTrust(X509ExtendedTrustManager delegate) {
      this.delegate = delegate;
    }

    private static RejectedCertificate rejected(X509Certificate[] chain, CertificateException e)
        throws CertificateException {
      return new RejectedCertificate(leaf(chain), false, e.getMessage(), e);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      try {
        delegate.checkServerTrusted(chain, authType, socket);
      } catch (CertificateException e) {
        throw rejected(chain, e);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      try {
        delegate.checkServerTrusted(chain, authType, engine);
      } catch (CertificateException e) {
        throw rejected(chain, e);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      try {
        delegate.checkServerTrusted(chain, authType);
      } catch (CertificateException e) {
        throw rejected(chain, e);
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("This trust manager only checks servers");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("This trust manager only checks servers");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("This trust manager only checks servers");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return delegate.getAcceptedIssuers();
    }
  }
}
