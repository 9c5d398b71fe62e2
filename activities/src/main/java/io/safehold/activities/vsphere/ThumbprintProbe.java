package io.safehold.activities.vsphere;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Reads the thumbprints of the certificate a vCenter presents, for an explicit pin-on-first-use: an
 * operator (or the API on their request) shows them, compares them with what the vCenter's console
 * shows, and pins one.
 *
 * <p>The probe never trusts what it sees: its trust manager records the leaf certificate and then
 * refuses it, so the handshake is aborted and not one byte of application data (no credential) is
 * ever sent.
 */
public final class ThumbprintProbe {

  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private ThumbprintProbe() {}

  /**
   * Connects once to {@code url}'s host and port (443 by default) and returns the thumbprints of
   * the leaf certificate it presented.
   *
   * @throws VSphereException {@link VSphereException.Kind#UNAVAILABLE} when nothing answers TLS
   *     there within 15 s
   */
  public static Thumbprints fetch(URI url) {
    String host = url.getHost();
    if (host == null) {
      throw new IllegalArgumentException("A URL with a host is needed to probe a certificate");
    }
    int port = url.getPort() == -1 ? 443 : url.getPort();
    AtomicReference<Thumbprints> seen = new AtomicReference<>();
    SSLContext context;
    try {
      context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new Recorder(seen)}, null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JDK could not set up TLS: " + e.getMessage(), e);
    }
    int timeoutMillis = (int) TIMEOUT.toMillis();
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(host, port), timeoutMillis);
      plain.setSoTimeout(timeoutMillis);
      try (SSLSocket tls =
          (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, false)) {
        tls.startHandshake();
      }
    } catch (IOException e) {
      if (seen.get() != null) {
        return seen.get();
      }
      throw new VSphereException(
          VSphereException.Kind.UNAVAILABLE,
          "Could not read the TLS certificate of "
              + host
              + ":"
              + port
              + " ("
              + e.getMessage()
              + "); check the address and that the host is reachable from the worker.",
          e);
    }
    if (seen.get() == null) {
      throw new IllegalStateException("The TLS handshake with " + host + ":" + port + " ended");
    }
    return seen.get();
  }

  /** Records the leaf certificate, then refuses it so that the handshake stops. */
  private static final class Recorder extends X509ExtendedTrustManager {
    private final AtomicReference<Thumbprints> seen;

    Recorder(AtomicReference<Thumbprints> seen) {
      this.seen = seen;
    }

    private void record(X509Certificate[] chain) throws CertificateException {
      if (chain != null && chain.length > 0) {
        seen.set(Thumbprints.of(chain[0]));
      }
      throw new CertificateException("Certificate recorded for probing, not trusted");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      record(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      record(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      record(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("Probing checks servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("Probing checks servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("Probing checks servers only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
