package io.safehold.activities.notify;

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
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * POSTs a JSON body to a webhook with {@link HttpClient}: bounded connect and request timeouts, no
 * redirects, TLS against the JVM's CA store with host name checks. Messages name the target and the
 * URL's origin only, since Slack and Teams URLs are secrets.
 *
 * <p>2xx is delivered. 408, 425, 429, 5xx, a timeout or a refused connection are retryable; any
 * other answer (a redirect, 400, 401, 403, 404, ...) cannot get better by retrying and is rejected.
 */
final class WebhookSender {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

  /** How much of an error answer is quoted: enough for Slack's "invalid_payload" and its kin. */
  private static final int EXCERPT_BYTES = 200;

  private final HttpClient client;

  WebhookSender() {
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
  }

  /**
   * @param what how messages name the target, e.g. "Webhook 'ops' at https://hooks.example.com"
   * @param secretHeader header name carrying {@code secret}, or null
   * @return what the target answered, e.g. "HTTP 200"
   */
  String post(String what, String url, String secretHeader, String secret, byte[] body)
      throws NotificationFailure {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json; charset=utf-8")
            .header("User-Agent", "Safehold")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (secretHeader != null && secret != null) {
      request.header(secretHeader, secret);
    }
    HttpResponse<InputStream> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException | ConnectException e) {
      throw NotificationFailure.retryable(what + " could not be reached: " + reason(e), e);
    } catch (HttpTimeoutException e) {
      throw NotificationFailure.retryable(
          what + " did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s.", e);
    } catch (SSLException e) {
      throw NotificationFailure.untrusted(
          what
              + " failed the TLS handshake ("
              + reason(e)
              + "); check its certificate chain"
              + " against the JVM's CA store.",
          e);
    } catch (IOException e) {
      throw NotificationFailure.retryable(what + " could not be reached: " + reason(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw NotificationFailure.retryable(what + ": sending was interrupted.", e);
    }
    int status = response.statusCode();
    String excerpt = excerpt(response.body());
    if (status >= 200 && status < 300) {
      return "HTTP " + status;
    }
    String answered =
        what + " answered HTTP " + status + (excerpt.isEmpty() ? "" : " (" + excerpt + ")");
    if (status == 408 || status == 425 || status == 429 || status >= 500) {
      throw NotificationFailure.retryable(answered + ".", null);
    }
    if (status >= 300 && status < 400) {
      throw NotificationFailure.rejected(
          answered + ", a redirect; set the target's URL to where it redirects.");
    }
    throw NotificationFailure.rejected(
        answered
            + "; retrying cannot change that: check the target's URL and secret, then send a"
            + " test.");
  }

  /** The start of the answer's body on one line, or "" when there is none. */
  private static String excerpt(InputStream body) {
    try (InputStream in = body) {
      byte[] start = in.readNBytes(EXCERPT_BYTES);
      return new String(start, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
    } catch (IOException e) {
      return "";
    }
  }

  private static String reason(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName() + ".";
    }
    return message.endsWith(".") ? message : message + ".";
  }
}
