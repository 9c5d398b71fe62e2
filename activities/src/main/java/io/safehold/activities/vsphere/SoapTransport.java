package io.safehold.activities.vsphere;

import io.safehold.activities.vsphere.VSphereException.Kind;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * Posts vim25 calls to one endpoint and turns what comes back into an answer element or a {@link
 * VSphereException}. Holds the session cookie once {@link #keepSessionCookie} found one; the cookie
 * is only ever written into request headers, and every message this class builds is scrubbed of it.
 */
final class SoapTransport {

  private static final Logger log = LoggerFactory.getLogger(SoapTransport.class);

  static final String SESSION_COOKIE = "vmware_soap_session";

  /** An answer larger than this is refused: paging keeps real answers far below it. */
  private static final long MAX_ANSWER_BYTES = 64L * 1024 * 1024;

  private final VSphereEndpoint endpoint;
  private final HttpClient http;
  private volatile String soapAction = "\"" + SoapRequest.VIM25 + "\"";
  private volatile String cookie;

  SoapTransport(VSphereEndpoint endpoint, HttpClient http) {
    this.endpoint = endpoint;
    this.http = http;
  }

  VSphereEndpoint endpoint() {
    return endpoint;
  }

  HttpClient http() {
    return http;
  }

  /** Sends later calls with {@code SOAPAction: "urn:vim25/<apiVersion>"}. */
  void useApiVersion(String apiVersion) {
    if (apiVersion != null && apiVersion.matches("[0-9A-Za-z.]+")) {
      soapAction = "\"" + SoapRequest.VIM25 + "/" + apiVersion + "\"";
    }
  }

  boolean hasSession() {
    return cookie != null;
  }

  void forgetSession() {
    cookie = null;
  }

  /** Adds the session cookie to a request, e.g. a {@code /folder} download. */
  void authorize(HttpRequest.Builder request) {
    String current = cookie;
    if (current == null) {
      throw new IllegalStateException("The vCenter session is closed or was never opened");
    }
    request.setHeader("Cookie", current);
  }

  /** The answer element ({@code <method>Response}) of {@code request}; throws on any fault. */
  Element call(SoapRequest request, String doing) {
    return call(request, doing, null);
  }

  /**
   * Like {@link #call(SoapRequest, String)}, with {@code secret} (e.g. the password of a login)
   * scrubbed from any message as well.
   */
  Element call(SoapRequest request, String doing, String secret) {
    Answer answer = exchange(request, doing, secret);
    if (answer.fault() != null) {
      throw faultException(answer.fault(), doing, secret);
    }
    return answer.body();
  }

  /** The answer element, or the fault vCenter answered; transport failures still throw. */
  Answer exchange(SoapRequest request, String doing, String secret) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(endpoint.sdkUrl())
            .timeout(endpoint.requestTimeout())
            .header("Content-Type", "text/xml; charset=utf-8")
            .header("SOAPAction", soapAction)
            .POST(HttpRequest.BodyPublishers.ofString(request.envelope(), StandardCharsets.UTF_8));
    String current = cookie;
    if (current != null) {
      builder.header("Cookie", current);
    }
    long started = System.nanoTime();
    HttpResponse<InputStream> response;
    try {
      response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw transportFailure(e, doing, secret);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VSphereException(
          Kind.UNAVAILABLE,
          "Interrupted while " + doing + " on vCenter " + endpoint.sdkUrl() + ".",
          e);
    }
    int status = response.statusCode();
    Document document;
    try (InputStream body = new Limited(response.body(), MAX_ANSWER_BYTES)) {
      document = Dom.parse(body);
    } catch (IOException | SAXException e) {
      throw unreadable(status, doing, e, secret);
    }
    log.debug(
        "vCenter {}: {} answered HTTP {} in {} ms",
        endpoint.sdkUrl(),
        request.method(),
        status,
        (System.nanoTime() - started) / 1_000_000);
    Element soapBody = Dom.child(document.getDocumentElement(), "Body");
    Element first =
        soapBody == null || Dom.children(soapBody).isEmpty() ? null : Dom.children(soapBody).get(0);
    if (first == null) {
      throw unreadable(status, doing, null, secret);
    }
    if ("Fault".equals(first.getLocalName())) {
      return new Answer(null, SoapFault.ofSoapFault(first), response);
    }
    if (status != 200) {
      throw unreadable(status, doing, null, secret);
    }
    return new Answer(first, null, response);
  }

  /** Takes the {@code vmware_soap_session} cookie from a login answer. */
  void keepSessionCookie(HttpResponse<?> response) {
    List<String> cookies = response.headers().allValues("set-cookie");
    for (String header : cookies) {
      String pair = header.split(";", 2)[0].trim();
      if (pair.startsWith(SESSION_COOKIE + "=") && pair.length() > SESSION_COOKIE.length() + 1) {
        cookie = pair;
        return;
      }
    }
    throw new VSphereException(
        Kind.FAULT,
        "vCenter "
            + endpoint.sdkUrl()
            + " accepted the login but set no "
            + SESSION_COOKIE
            + " cookie; is this URL a vCenter or ESXi SDK endpoint?",
        null);
  }

  /**
   * The exception for a fault vCenter answered while {@code doing}; the whole sentence is scrubbed
   * of the session cookie and of {@code secret}.
   */
  VSphereException faultException(SoapFault fault, String doing, String secret) {
    String where = "vCenter " + endpoint.sdkUrl();
    Kind kind;
    String message;
    switch (fault.name()) {
      case "InvalidLogin" -> {
        kind = Kind.INVALID_LOGIN;
        message =
            where
                + " refused the login (InvalidLogin) while "
                + doing
                + "; check the user name and password of this vCenter's credential.";
      }
      case "ManagedObjectNotFound" -> {
        kind = Kind.NOT_FOUND;
        message =
            where
                + " has no such object while "
                + doing
                + " (ManagedObjectNotFound: "
                + fault.message()
                + "); it was removed or the reference is stale: rediscover the inventory.";
      }
      case "NotAuthenticated" -> {
        kind = Kind.UNAVAILABLE;
        message =
            where
                + " no longer knows this session (NotAuthenticated) while "
                + doing
                + "; it expired or was ended on vCenter, a retry logs in again.";
      }
      default -> {
        kind = Kind.FAULT;
        message = where + " answered " + fault.name() + " while " + doing + ": " + fault.message();
      }
    }
    return new VSphereException(kind, scrub(message, secret), fault.name(), null);
  }

  /** Removes the session cookie (and {@code secret}) from text that may reach a message or log. */
  String scrub(String text, String secret) {
    if (text == null) {
      return "";
    }
    String out = text;
    String current = cookie;
    if (current != null) {
      String value = current.substring(SESSION_COOKIE.length() + 1);
      String bare = value.replace("\"", "");
      out = out.replace(value, "(session)");
      if (!bare.isEmpty()) {
        out = out.replace(bare, "(session)");
      }
    }
    if (secret != null && !secret.isEmpty()) {
      out = out.replace(secret, "(secret)");
    }
    return out;
  }

  private VSphereException transportFailure(IOException e, String doing, String secret) {
    URI url = endpoint.sdkUrl();
    VSphereTls.RejectedCertificate rejected = rejectedCertificate(e);
    if (rejected != null && rejected.pinned()) {
      return failure(
          Kind.CERTIFICATE_MISMATCH,
          "The TLS certificate of vCenter "
              + url
              + " has thumbprint "
              + rejected.presented().sha1()
              + " (SHA-256 "
              + rejected.presented().sha256()
              + "), not the pinned "
              + endpoint.thumbprint()
              + "; if its certificate was replaced on purpose, compare with the vCenter console"
              + " and pin the new thumbprint, otherwise something intercepts the connection.",
          e,
          secret);
    }
    if (rejected != null) {
      return failure(
          Kind.CERTIFICATE_UNTRUSTED,
          "The TLS certificate of vCenter "
              + url
              + " (thumbprint "
              + rejected.presented().sha1()
              + ", SHA-256 "
              + rejected.presented().sha256()
              + ") is not trusted by the JDK's CA store ("
              + rejected.getMessage()
              + "); pin its thumbprint after comparing it with the vCenter console, or give"
              + " vCenter a CA-signed certificate that names this host.",
          e,
          secret);
    }
    String reason = reason(e);
    if (e instanceof HttpConnectTimeoutException || hasCause(e, ConnectException.class)) {
      return failure(
          Kind.UNAVAILABLE,
          "Could not connect to vCenter "
              + url
              + " while "
              + doing
              + " ("
              + reason
              + "); check that it is up and reachable from the worker, the call will be retried.",
          e,
          secret);
    }
    if (e instanceof HttpTimeoutException) {
      return failure(
          Kind.UNAVAILABLE,
          "vCenter "
              + url
              + " did not answer within "
              + endpoint.requestTimeout().toSeconds()
              + " s while "
              + doing
              + "; it may be overloaded, the call will be retried.",
          e,
          secret);
    }
    return failure(
        Kind.UNAVAILABLE,
        "The connection to vCenter "
            + url
            + " failed while "
            + doing
            + " ("
            + reason
            + "); the call will be retried.",
        e,
        secret);
  }

  private VSphereException unreadable(int status, String doing, Exception e, String secret) {
    String where = "vCenter " + endpoint.sdkUrl();
    if (status >= 500 || status == 429) {
      return failure(
          Kind.UNAVAILABLE,
          where + " answered HTTP " + status + " while " + doing + "; the call will be retried.",
          e,
          secret);
    }
    String reason = e == null ? "no SOAP answer" : String.valueOf(e.getMessage());
    return failure(
        Kind.FAULT,
        where
            + " answered HTTP "
            + status
            + " that is not a vSphere SOAP answer while "
            + doing
            + " ("
            + reason
            + "); check that the URL is the vCenter's /sdk endpoint.",
        e,
        secret);
  }

  /** An exception whose sentence is scrubbed of the session cookie and of {@code secret}. */
  private VSphereException failure(Kind kind, String message, Throwable cause, String secret) {
    return new VSphereException(kind, scrub(message, secret), cause);
  }

  private static VSphereTls.RejectedCertificate rejectedCertificate(Throwable e) {
    for (Throwable at = e; at != null; at = at.getCause()) {
      if (at instanceof VSphereTls.RejectedCertificate rejected) {
        return rejected;
      }
      if (at.getCause() == at) {
        break;
      }
    }
    return null;
  }

  /** The first message in the cause chain; the JDK's ConnectException often has none. */
  private static String reason(IOException e) {
    for (Throwable at = e; at != null; at = at.getCause()) {
      if (at.getMessage() != null && !at.getMessage().isBlank()) {
        return at.getMessage();
      }
      if (at instanceof ConnectException) {
        return "connection refused";
      }
    }
    return e.getClass().getSimpleName();
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable at = e; at != null; at = at.getCause()) {
      if (type.isInstance(at)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "SoapTransport[" + endpoint.sdkUrl() + (cookie == null ? "]" : ", logged in]");
  }

  /** The answer to one call: {@code body} or {@code fault}. */
  record Answer(Element body, SoapFault fault, HttpResponse<?> response) {}

  /** Stops reading after {@code limit} bytes. */
  private static final class Limited extends FilterInputStream {
    private long left;

    Limited(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        throw tooLarge();
      }
      int b = super.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (left <= 0) {
        throw tooLarge();
      }
      int n = super.read(buffer, offset, (int) Math.min(length, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    private static IOException tooLarge() {
      return new IOException("the answer is larger than " + MAX_ANSWER_BYTES + " bytes");
    }
  }
}
