package io.safehold.activities.cove;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of N-able Cove Data Protection's JSON-RPC 2.0 management API for one partner (MSP
 * tenant).
 *
 * <p>{@code Login} returns a visa; every later call carries the newest visa the client has seen,
 * and the client takes the refreshed visa from every response. When Cove refuses a visa (expired
 * after 15 minutes without a call), the client logs in again once and repeats the call; a second
 * refusal is a {@link CoveAuthenticationException}. A refused visa is recognised by a JSON-RPC
 * error on a call other than {@code Login} whose message mentions the visa, because Cove does not
 * publish its error codes.
 *
 * <p>Failures are {@link CoveException}s: {@link CoveAuthenticationException} (permanent), {@link
 * CoveUnavailableException} (transient: transport errors, timeouts, HTTP 5xx and 429, JSON-RPC
 * internal and server errors, codes -32603 and -32000..-32099) and {@link CoveResponseException}
 * (any other error, or a malformed response). The client never retries those itself: the calling
 * activity's retry policy does. It never logs the password or a visa.
 *
 * <p>Instances are thread-safe; calls are serialised because they share one visa chain.
 */
public final class CoveClient {

  private static final Logger log = LoggerFactory.getLogger(CoveClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LOGIN = "Login";
  private static final String ENUMERATE = "EnumerateAccountStatistics";

  /**
   * Paging stops with an error beyond this many rows, so a server that ignores paging cannot loop
   * us.
   */
  private static final long MAX_ROWS = 1_000_000;

  /** Unreadable pages in a row after which {@link #eachPage} gives up on the cycle. */
  static final int MAX_SKIPPED_PAGES_IN_A_ROW = 3;

  private final HttpClient http;
  private final CoveClientSettings settings;
  private final CoveLogin login;
  private final CoveRateLimiter limiter;
  private String visa;
  private Long partnerId;

  /** A client with its own HTTP client. */
  public CoveClient(CoveClientSettings settings, CoveLogin login) {
    this(
        HttpClient.newBuilder()
            .connectTimeout(settings.requestTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build(),
        settings,
        login);
  }

  /** A client sharing {@code http} with others; its timeouts come from {@code settings}. */
  public CoveClient(HttpClient http, CoveClientSettings settings, CoveLogin login) {
    this(http, settings, login, CoveRateLimiter.unlimited());
  }

  /**
   * A client whose every call (logins included) first waits its turn at {@code limiter}, which may
   * be shared by the clients of one account.
   */
  public CoveClient(
      HttpClient http, CoveClientSettings settings, CoveLogin login, CoveRateLimiter limiter) {
    this.http = Objects.requireNonNull(http, "http");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.login = Objects.requireNonNull(login, "login");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
  }

  /** The endpoint this client calls. */
  public URI endpoint() {
    return settings.endpoint();
  }

  /** The partner id Cove reported at login; logs in first when needed. */
  public synchronized long partnerId() {
    if (partnerId == null) {
      login();
    }
    return partnerId;
  }

  /** Every device of the partner, paging with the configured page size. */
  public CoveDeviceListing listDevices() {
    return listDevices(null);
  }

  /**
   * Every device of the partner that matches a Cove filter expression (e.g. {@code D9F15 >
   * 1700000000}), each once, paging with the configured page size. Pages end at the first one
   * shorter than the page size. A device that appears on two pages (because devices were added
   * while paging) is kept once. A malformed page fails the listing.
   *
   * @param filter a Cove filter, or null for all devices
   */
  public synchronized CoveDeviceListing listDevices(String filter) {
    List<CoveDeviceStatistics> devices = new ArrayList<>();
    CovePaging paging = page(filter, devices::addAll, false);
    return new CoveDeviceListing(paging.partnerId(), devices, paging.malformedRows());
  }

  /**
   * Hands every device of the partner that matches {@code filter} to {@code handler} page by page,
   * each device once, so a caller can write a page before the next is read and never holds the
   * whole tenant. A page Cove answers with something unreadable (not JSON, no result list, a
   * JSON-RPC error other than a refused visa or a server error) is logged with its request id and
   * skipped; {@value #MAX_SKIPPED_PAGES_IN_A_ROW} such pages in a row end the paging with that
   * {@link CoveResponseException}, since Cove then refuses the query itself.
   *
   * @param filter a Cove filter, or null for all devices
   * @param handler receives the devices of each page not seen on an earlier page
   */
  public synchronized CovePaging eachPage(
      String filter, Consumer<List<CoveDeviceStatistics>> handler) {
    return page(filter, handler, true);
  }

  private CovePaging page(
      String filter, Consumer<List<CoveDeviceStatistics>> handler, boolean skipMalformedPages) {
    long partner = partnerId();
    int pageSize = settings.pageSize();
    Set<Long> seen = new HashSet<>();
    int malformed = 0;
    int pages = 0;
    int skipped = 0;
    int skippedInARow = 0;
    String lastSkipReason = null;
    long start = 0;
    while (true) {
      if (start >= MAX_ROWS) {
        throw new CoveResponseException(
            "Cove API at "
                + settings.endpoint()
                + " kept returning devices for "
                + partnerDescription()
                + " beyond "
                + MAX_ROWS
                + " rows; paging stopped",
            null,
            null);
      }
      CoveDevicePage page;
      try {
        page = enumerateDevices((int) start, pageSize, filter);
      } catch (CoveResponseException e) {
        if (!skipMalformedPages || ++skippedInARow >= MAX_SKIPPED_PAGES_IN_A_ROW) {
          throw e;
        }
        skipped++;
        lastSkipReason = e.getMessage();
        log.warn(
            "Skipped the page of devices at StartRecordNumber {} for {} (request id {}): {}",
            start,
            partnerDescription(),
            e.requestId(),
            e.getMessage());
        start += pageSize;
        continue;
      }
      skippedInARow = 0;
      pages++;
      malformed += page.malformedRows();
      List<CoveDeviceStatistics> fresh = new ArrayList<>();
      for (CoveDeviceStatistics device : page.devices()) {
        if (seen.add(device.accountId())) {
          fresh.add(device);
        }
      }
      if (!fresh.isEmpty()) {
        handler.accept(fresh);
      }
      if (page.rowsReturned() < pageSize) {
        break;
      }
      if (fresh.isEmpty() && !page.devices().isEmpty()) {
        throw new CoveResponseException(
            "Cove API at "
                + settings.endpoint()
                + " returned the same devices again at StartRecordNumber "
                + start
                + " for "
                + partnerDescription()
                + " (request id "
                + page.requestId()
                + "); paging stopped",
            page.requestId(),
            null);
      }
      start += pageSize;
    }
    return new CovePaging(partner, seen.size(), pages, skipped, malformed, lastSkipReason);
  }

  /**
   * One page of the partner's device statistics.
   *
   * @param startRecord {@code StartRecordNumber}, 0-based
   * @param count {@code RecordsCount}
   * @param filter a Cove filter, or null
   */
  public synchronized CoveDevicePage enumerateDevices(int startRecord, int count, String filter) {
    long partner = partnerId();
    ObjectNode query = JSON.createObjectNode();
    query.put("PartnerId", partner);
    query.put("SelectionMode", "Merged");
    query.put("StartRecordNumber", startRecord);
    query.put("RecordsCount", count);
    CoveColumns.REQUESTED.forEach(query.putArray("Columns")::add);
    if (filter != null) {
      query.put("Filter", filter);
    }
    ObjectNode params = JSON.createObjectNode();
    params.set("query", query);

    Reply reply = callWithVisa(ENUMERATE, params);
    JsonNode rows = reply.body().path("result").path("result");
    if (!rows.isArray()) {
      throw malformed(ENUMERATE, reply.requestId(), "result.result is not a list");
    }
    List<CoveDeviceStatistics> devices = new ArrayList<>();
    int malformed = 0;
    for (JsonNode row : rows) {
      try {
        devices.add(CoveColumns.parse(row, partner));
      } catch (CoveColumns.MalformedRowException e) {
        malformed++;
        log.warn(
            "Skipped a device row from Cove for {} (request id {}): {}",
            partnerDescription(),
            reply.requestId(),
            e.getMessage());
      }
    }
    return new CoveDevicePage(devices, rows.size(), malformed, reply.requestId());
  }

  private Reply callWithVisa(String method, ObjectNode params) {
    if (visa == null) {
      login();
    }
    Reply reply = post(method, params, visa);
    if (isRefusedVisa(reply.body())) {
      log.info(
          "Cove refused the visa for {} (request id {}); logging in again",
          partnerDescription(),
          reply.requestId());
      visa = null;
      login();
      reply = post(method, params, visa);
      if (isRefusedVisa(reply.body())) {
        visa = null;
        throw new CoveAuthenticationException(
            "Cove at "
                + settings.endpoint()
                + " refused the visa of a fresh login for "
                + partnerDescription()
                + " on "
                + method
                + " (request id "
                + reply.requestId()
                + "): "
                + errorMessage(reply.body())
                + "; check the API user's permissions",
            reply.requestId());
      }
    }
    throwIfError(method, reply);
    return reply;
  }

  private void login() {
    visa = null;
    ObjectNode params = JSON.createObjectNode();
    params.put("partner", login.partner());
    params.put("username", login.username());
    params.put("password", login.password());
    Reply reply = post(LOGIN, params, null);
    JsonNode error = reply.body().get("error");
    if (error != null && !error.isNull()) {
      visa = null;
      if (isServerError(error)) {
        throw unavailableByError(LOGIN, reply);
      }
      throw new CoveAuthenticationException(
          "Cove at "
              + settings.endpoint()
              + " refused the login of user '"
              + login.username()
              + "' for partner '"
              + login.partner()
              + "' (request id "
              + reply.requestId()
              + "): "
              + errorMessage(reply.body())
              + "; check the partner name, user name and password, and that the user has API"
              + " access",
          reply.requestId());
    }
    if (visa == null) {
      throw malformed(LOGIN, reply.requestId(), "it carries no visa");
    }
    JsonNode reportedPartner = reply.body().path("result").path("result").path("PartnerId");
    if (!reportedPartner.canConvertToLong()) {
      visa = null;
      throw malformed(LOGIN, reply.requestId(), "result.result.PartnerId is missing");
    }
    partnerId = reportedPartner.asLong();
    log.debug("Logged in to Cove for {} (request id {})", partnerDescription(), reply.requestId());
  }

  /** Sends one JSON-RPC request and keeps the visa the response carries, if any. */
  private Reply post(String method, ObjectNode params, String sendVisa) {
    String requestId = UUID.randomUUID().toString();
    ObjectNode body = JSON.createObjectNode();
    body.put("jsonrpc", "2.0");
    body.put("id", requestId);
    body.put("method", method);
    body.set("params", params);
    if (sendVisa != null) {
      body.put("visa", sendVisa);
    }
    HttpResponse<byte[]> response;
    try {
      HttpRequest request =
          HttpRequest.newBuilder(settings.endpoint())
              .timeout(settings.requestTimeout())
              .header("Content-Type", "application/json")
              .header("Accept", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
              .build();
      limiter.acquire();
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new CoveUnavailableException(
          "Cove API at "
              + settings.endpoint()
              + " did not answer "
              + method
              + " for "
              + partnerDescription()
              + " within "
              + settings.requestTimeout().toSeconds()
              + " s (request id "
              + requestId
              + ")",
          requestId,
          e);
    } catch (ConnectException e) {
      throw new CoveUnavailableException(
          "Could not connect to the Cove API at "
              + settings.endpoint()
              + " for "
              + partnerDescription()
              + ": "
              + e,
          requestId,
          e);
    } catch (IOException e) {
      throw new CoveUnavailableException(
          "The call "
              + method
              + " to the Cove API at "
              + settings.endpoint()
              + " for "
              + partnerDescription()
              + " failed in transit (request id "
              + requestId
              + "): "
              + e,
          requestId,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CoveUnavailableException(
          "Interrupted while calling " + method + " for " + partnerDescription(), requestId, e);
    }

    int status = response.statusCode();
    if (status >= 500 || status == 429) {
      throw new CoveUnavailableException(
          httpFailure(method, status, requestId, "the service is unavailable, try again later"),
          requestId,
          null);
    }
    if (status != 200) {
      throw new CoveResponseException(
          httpFailure(method, status, requestId, "check the endpoint URL"), requestId, null);
    }
    JsonNode answer;
    try {
      answer = JSON.readTree(response.body());
    } catch (IOException e) {
      answer = null;
    }
    if (answer == null || !answer.isObject()) {
      throw malformed(method, requestId, "it is not JSON (" + response.body().length + " bytes)");
    }
    JsonNode refreshed = answer.get("visa");
    if (refreshed != null && refreshed.isTextual() && !refreshed.asText().isEmpty()) {
      visa = refreshed.asText();
    }
    return new Reply(requestId, answer);
  }

  private void throwIfError(String method, Reply reply) {
    JsonNode error = reply.body().get("error");
    if (error == null || error.isNull()) {
      if (!reply.body().has("result")) {
        throw malformed(method, reply.requestId(), "it has neither result nor error");
      }
      return;
    }
    if (isServerError(error)) {
      throw unavailableByError(method, reply);
    }
    throw new CoveResponseException(
        "Cove API at "
            + settings.endpoint()
            + " refused "
            + method
            + " for "
            + partnerDescription()
            + " (request id "
            + reply.requestId()
            + "): "
            + errorMessage(reply.body()),
        reply.requestId(),
        error.path("code").canConvertToInt() ? error.path("code").asInt() : null);
  }

  private static boolean isRefusedVisa(JsonNode answer) {
    JsonNode error = answer.get("error");
    return error != null
        && !error.isNull()
        && !isServerError(error)
        && error.path("message").asText("").toLowerCase(Locale.ROOT).contains("visa");
  }

  /** JSON-RPC's internal error and its implementation-defined server error range. */
  private static boolean isServerError(JsonNode error) {
    int code = error.path("code").asInt(0);
    return code == -32603 || (code <= -32000 && code >= -32099);
  }

  private CoveUnavailableException unavailableByError(String method, Reply reply) {
    return new CoveUnavailableException(
        "Cove API at "
            + settings.endpoint()
            + " reported a server error to "
            + method
            + " for "
            + partnerDescription()
            + " (request id "
            + reply.requestId()
            + "): "
            + errorMessage(reply.body()),
        reply.requestId(),
        null);
  }

  private CoveResponseException malformed(String method, String requestId, String what) {
    return new CoveResponseException(
        "Cove API at "
            + settings.endpoint()
            + " sent a malformed response to "
            + method
            + " for "
            + partnerDescription()
            + " (request id "
            + requestId
            + "): "
            + what,
        requestId,
        null);
  }

  private static String errorMessage(JsonNode answer) {
    JsonNode error = answer.path("error");
    String message = error.path("message").asText("").strip();
    String code = error.path("code").asText("?");
    return "error " + code + (message.isEmpty() ? "" : " \"" + message + "\"");
  }

  private String httpFailure(String method, int status, String requestId, String advice) {
    return "Cove API at " + settings.endpoint() + " answered HTTP " + status + " to " + method
        + " for " + partnerDescription() + " (request id " + requestId + "); " + advice;
  }

  private String partnerDescription() {
    return "partner '" + login.partner() + "'";
  }

  private record Reply(String requestId, JsonNode body) {}
}
