package io.safehold.testbed.cove;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process emulator of N-able Cove Data Protection's JSON-RPC 2.0 management API, for tests
 * and the dev stack. It serves {@code POST /jsonapi} on 127.0.0.1 and speaks the documented subset:
 * {@code Login} (returns a top-level {@code visa}), and {@code EnumerateAccountStatistics} with
 * {@code params.query} = {@code {PartnerId, SelectionMode, StartRecordNumber, RecordsCount,
 * Columns, Filter}}, answering {@code result.result} as a list of {@code {AccountId, Flags,
 * PartnerId, Settings: [{"I1": "..."}, ...]}}.
 *
 * <p>It is strict where the real API is: calls without a valid visa, unknown column codes, legacy
 * zero-padded data source codes (D02F00) and unknown query fields are JSON-RPC errors. Visas rotate
 * (see {@link Builder#visaRotationEvery}), and a superseded visa is refused once its grace passes,
 * so a client that does not follow the newest visa fails. testbed/README.md lists where it may
 * differ from the real service.
 *
 * <p>Test hooks add tenants and devices, append sessions, count calls, expire visas and inject
 * faults. All methods are thread-safe.
 */
public final class CoveEmulator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CoveEmulator.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_REQUEST_BYTES = 1 << 20;
  private static final Set<String> QUERY_FIELDS =
      Set.of(
          "PartnerId", "SelectionMode", "StartRecordNumber", "RecordsCount", "Columns", "Filter");
  private static final Set<String> SELECTION_MODES = Set.of("Merged", "PerInstallation");

  /** Settings of a new emulator; every setting has a default. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private Duration visaLifetime = Duration.ofMinutes(15);
    private Duration visaGrace = Duration.ofSeconds(30);
    private int visaRotationEvery = 3;
    private Duration hangLimit = Duration.ofSeconds(30);
    private long firstPartnerId = 5001;
    private long firstAccountId = 100001;

    private Builder() {}

    /**
     * The first partner id and device AccountId handed out; default 5001 and 100001. Cove's ids are
     * unique across its service; two emulators that feed one catalog need apart ranges to be so.
     */
    public Builder firstIds(long partnerId, long accountId) {
      if (partnerId < 1 || accountId < 1) {
        throw new IllegalArgumentException("ids must be positive");
      }
      this.firstPartnerId = partnerId;
      this.firstAccountId = accountId;
      return this;
    }

    /** Clock for visa lifetimes; default the system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How long a visa chain lives without a call; default 15 minutes, as Cove documents. {@link
     * Duration#ZERO} makes every visa expire at once (for re-login tests).
     */
    public Builder visaLifetime(Duration lifetime) {
      this.visaLifetime = Objects.requireNonNull(lifetime, "lifetime");
      return this;
    }

    /**
     * How long a superseded visa is still accepted after its replacement was issued; default 30 s.
     * {@link Duration#ZERO} refuses it at once, so only the newest visa works.
     */
    public Builder visaGrace(Duration grace) {
      this.visaGrace = Objects.requireNonNull(grace, "grace");
      return this;
    }

    /**
     * A chain gets a new visa after this many calls on its current one; default 3; 1 = every call.
     */
    public Builder visaRotationEvery(int calls) {
      if (calls < 1) {
        throw new IllegalArgumentException("visaRotationEvery must be at least 1");
      }
      this.visaRotationEvery = calls;
      return this;
    }

    /** How long a {@link CoveFault#HANG} call waits before it answers 503; default 30 s. */
    public Builder hangLimit(Duration limit) {
      this.hangLimit = Objects.requireNonNull(limit, "limit");
      return this;
    }

    /** Starts the emulator on an ephemeral port of 127.0.0.1. */
    public CoveEmulator start() {
      return new CoveEmulator(this);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final VisaBook visas;
  private final Duration hangLimit;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final AtomicInteger threadNumber = new AtomicInteger();

  private final Object lock = new Object();
  private final Map<String, CoveTenant> tenantsByName = new HashMap<>();
  private final Map<Long, String> passwords = new HashMap<>();
  private final TreeMap<Long, EmulatedDevice> devices = new TreeMap<>();
  private final Deque<CoveFault> faults = new ArrayDeque<>();
  private final List<CoveRecordedCall> calls = new ArrayList<>();
  private long nextPartnerId;
  private long nextAccountId;

  private CoveEmulator(Builder builder) {
    this.visas =
        new VisaBook(
            builder.clock, builder.visaLifetime, builder.visaGrace, builder.visaRotationEvery);
    this.hangLimit = builder.hangLimit;
    this.nextPartnerId = builder.firstPartnerId;
    this.nextAccountId = builder.firstAccountId;
    this.executor =
        Executors.newFixedThreadPool(
            8,
            task -> {
              Thread thread = new Thread(task, "cove-emulator-" + threadNumber.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException("Could not open a port for the Cove emulator", e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    log.info("Cove emulator listening on {}", endpoint());
  }

  /** A builder with the defaults: visa lifetime 15 min, rotation every 3 calls, grace 30 s. */
  public static Builder builder() {
    return new Builder();
  }

  /** An emulator with the default settings. */
  public static CoveEmulator start() {
    return builder().start();
  }

  /** The JSON-RPC endpoint, {@code http://127.0.0.1:<port>/jsonapi}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jsonapi");
  }

  /**
   * Adds a partner with one API user.
   *
   * @throws IllegalArgumentException when a partner of that name exists
   */
  public CoveTenant addTenant(String partnerName, String username, String password) {
    Objects.requireNonNull(partnerName, "partnerName");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    synchronized (lock) {
      if (tenantsByName.containsKey(partnerName)) {
        throw new IllegalArgumentException("Cove partner '" + partnerName + "' exists already");
      }
      CoveTenant tenant = new CoveTenant(nextPartnerId++, partnerName, username);
      tenantsByName.put(partnerName, tenant);
      passwords.put(tenant.partnerId(), password);
      return tenant;
    }
  }

  /**
   * Adds a device (a Cove backup account) to a tenant; it has no session until one is appended.
   *
   * @return the device's {@code AccountId}
   */
  public long addDevice(CoveTenant tenant, String deviceName, String computerName) {
    Objects.requireNonNull(deviceName, "deviceName");
    Objects.requireNonNull(computerName, "computerName");
    synchronized (lock) {
      if (!tenant.equals(tenantsByName.get(tenant.partnerName()))) {
        throw new IllegalArgumentException("Unknown Cove tenant " + tenant);
      }
      long accountId = nextAccountId++;
      devices.put(
          accountId, new EmulatedDevice(accountId, tenant.partnerId(), deviceName, computerName));
      return accountId;
    }
  }

  /**
   * Appends a session to a device: it becomes the device's last session.
   *
   * @throws IllegalArgumentException for an unknown device or a session older than the last one
   */
  public void appendSession(long accountId, CoveBackupSession session) {
    synchronized (lock) {
      EmulatedDevice device = device(accountId);
      CoveBackupSession last = device.lastSession();
      if (last != null && session.startedAt().isBefore(last.startedAt())) {
        throw new IllegalArgumentException("A session cannot start before the device's last one");
      }
      device.sessions.add(session);
    }
  }

  /**
   * Replaces a device's last session, keeping its start time: how an in-process session is seen to
   * finish (status, duration and error count change, the session time does not).
   */
  public void finishLastSession(long accountId, int status, Duration duration, int errorCount) {
    synchronized (lock) {
      EmulatedDevice device = device(accountId);
      CoveBackupSession last = device.lastSession();
      if (last == null) {
        throw new IllegalArgumentException("Device " + accountId + " has no session to finish");
      }
      device.sessions.set(
          device.sessions.size() - 1,
          new CoveBackupSession(status, last.startedAt(), duration, errorCount));
    }
  }

  /**
   * Makes a device report {@code rawValue} for a known column instead of the value its sessions
   * give, e.g. {@code "done"} for D9F00: for clients that must survive data they cannot read.
   */
  public void overrideColumn(long accountId, String code, String rawValue) {
    Objects.requireNonNull(rawValue, "rawValue");
    if (!StatisticsColumns.KNOWN.contains(code)) {
      throw new IllegalArgumentException("Not a column the emulator knows: " + code);
    }
    synchronized (lock) {
      device(accountId).overrides.put(code, rawValue);
    }
  }

  /** Ends every visa chain, as 15 minutes without a call would; the next call must log in again. */
  public void expireVisas() {
    visas.expireAll();
  }

  /** Answers the next {@code count} calls (of any method) with {@code fault}, in order. */
  public void failNextCalls(int count, CoveFault fault) {
    Objects.requireNonNull(fault, "fault");
    synchronized (lock) {
      for (int i = 0; i < count; i++) {
        faults.add(fault);
      }
    }
  }

  /** Every call received so far, oldest first. */
  public List<CoveRecordedCall> calls() {
    synchronized (lock) {
      return List.copyOf(calls);
    }
  }

  /** How many calls of {@code method} were received (faulted ones included). */
  public int callCount(String method) {
    synchronized (lock) {
      return (int) calls.stream().filter(call -> method.equals(call.method())).count();
    }
  }

  /** Releases hanging calls and stops the server. */
  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private EmulatedDevice device(long accountId) {
    EmulatedDevice device = devices.get(accountId);
    if (device == null) {
      throw new IllegalArgumentException("Unknown Cove device " + accountId);
    }
    return device;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"/jsonapi".equals(exchange.getRequestURI().getPath())) {
        respondText(exchange, 404, "Not found");
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        respondText(exchange, 405, "Only POST is allowed");
        return;
      }
      byte[] body = readBounded(exchange.getRequestBody());
      if (body == null) {
        respondText(exchange, 413, "Request too large");
        return;
      }
      JsonNode request;
      try {
        request = JSON.readTree(body);
      } catch (JsonProcessingException e) {
        request = null;
      }
      CoveFault fault = record(request);
      if (fault != null) {
        answerWithFault(exchange, fault, request);
        return;
      }
      respondJson(exchange, answer(request));
    }
  }

  private CoveFault record(JsonNode request) {
    String method = null;
    String visa = null;
    Integer start = null;
    Integer count = null;
    if (request != null && request.isObject()) {
      method = request.path("method").isTextual() ? request.path("method").asText() : null;
      visa = request.path("visa").isTextual() ? request.path("visa").asText() : null;
      JsonNode query = request.path("params").path("query");
      start =
          query.path("StartRecordNumber").isInt() ? query.get("StartRecordNumber").asInt() : null;
      count = query.path("RecordsCount").isInt() ? query.get("RecordsCount").asInt() : null;
    }
    String newest = visas.newestOf(visa);
    synchronized (lock) {
      CoveFault fault = faults.poll();
      calls.add(new CoveRecordedCall(method, visa, newest, fault, start, count));
      return fault;
    }
  }

  private void answerWithFault(HttpExchange exchange, CoveFault fault, JsonNode request)
      throws IOException {
    switch (fault) {
      case HTTP_500:
        respondText(exchange, 500, "Internal Server Error");
        return;
      case RPC_INTERNAL_ERROR:
        respondJson(
            exchange, error(idOf(request), RpcError.INTERNAL_ERROR, "Internal error", null));
        return;
      case MALFORMED_BODY:
        respondText(exchange, 200, "<html><body>Service temporarily unavailable</body></html>");
        return;
      case HANG:
        try {
          if (closing.await(hangLimit.toMillis(), TimeUnit.MILLISECONDS)) {
            return;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        respondText(exchange, 503, "Service Unavailable");
        return;
      default:
        throw new IllegalStateException("Unhandled fault " + fault);
    }
  }

  private ObjectNode answer(JsonNode request) {
    if (request == null) {
      return error(NullNode.getInstance(), RpcError.PARSE_ERROR, "Parse error", null);
    }
    if (!request.isObject()) {
      return error(
          NullNode.getInstance(),
          RpcError.INVALID_REQUEST,
          "Invalid Request: send one call per request (batches are not emulated)",
          null);
    }
    JsonNode id = idOf(request);
    if (!"2.0".equals(request.path("jsonrpc").asText()) || !request.path("method").isTextual()) {
      return error(id, RpcError.INVALID_REQUEST, "Invalid Request", null);
    }
    String method = request.get("method").asText();
    JsonNode params = request.path("params");
    try {
      switch (method) {
        case "Login":
          return login(id, params);
        case "EnumerateAccountStatistics":
          return withVisa(id, request, tenant -> enumerateAccountStatistics(tenant, params));
        default:
          return error(id, RpcError.METHOD_NOT_FOUND, "Method not found: " + method, null);
      }
    } catch (RpcError e) {
      return error(id, e.code(), e.getMessage(), null);
    }
  }

  private interface VisaCall {
    JsonNode call(CoveTenant tenant) throws RpcError;
  }

  private ObjectNode withVisa(JsonNode id, JsonNode request, VisaCall call) throws RpcError {
    String visa = request.path("visa").isTextual() ? request.get("visa").asText() : null;
    CoveTenant tenant = visas.admit(visa);
    try {
      JsonNode result = call.call(tenant);
      ObjectNode response = envelope(id);
      response.set("result", result);
      response.put("visa", visas.respond(visa));
      return response;
    } catch (RpcError e) {
      return error(id, e.code(), e.getMessage(), visas.respond(visa));
    }
  }

  private ObjectNode login(JsonNode id, JsonNode params) throws RpcError {
    String partner = requiredText(params, "partner");
    String username = requiredText(params, "username");
    String password = requiredText(params, "password");
    CoveTenant tenant;
    synchronized (lock) {
      tenant = tenantsByName.get(partner);
      boolean accepted =
          tenant != null
              && tenant.username().equals(username)
              && passwords.get(tenant.partnerId()).equals(password);
      if (!accepted) {
        throw new RpcError(
            RpcError.OPERATION_FAILED,
            "Login failed: wrong partner, user name or password, or API access is not enabled");
      }
    }
    ObjectNode user = JSON.createObjectNode();
    user.put("Id", tenant.partnerId() * 10);
    user.put("Name", tenant.username());
    user.put("EmailAddress", tenant.username());
    user.put("PartnerId", tenant.partnerId());
    ObjectNode result = JSON.createObjectNode();
    result.set("result", user);
    ObjectNode response = envelope(id);
    response.set("result", result);
    response.put("visa", visas.open(tenant));
    return response;
  }

  private JsonNode enumerateAccountStatistics(CoveTenant tenant, JsonNode params) throws RpcError {
    JsonNode query = params.path("query");
    if (!query.isObject()) {
      throw new RpcError(
          RpcError.INVALID_PARAMS, "params.query (AccountStatisticsQuery) is required");
    }
    for (Iterator<String> names = query.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!QUERY_FIELDS.contains(name)) {
        throw new RpcError(
            RpcError.INVALID_PARAMS,
            "Field '" + name + "' of AccountStatisticsQuery is unknown or not emulated");
      }
    }
    long partnerId = requiredLong(query, "PartnerId");
    if (partnerId != tenant.partnerId()) {
      throw new RpcError(
          RpcError.OPERATION_FAILED,
          "Operation failed: access to partner " + partnerId + " denied");
    }
    JsonNode mode = query.path("SelectionMode");
    if (!mode.isMissingNode() && !SELECTION_MODES.contains(mode.asText())) {
      throw new RpcError(
          RpcError.INVALID_PARAMS, "SelectionMode must be Merged or PerInstallation");
    }
    long start = query.has("StartRecordNumber") ? requiredLong(query, "StartRecordNumber") : 0;
    long count = requiredLong(query, "RecordsCount");
    if (start < 0 || count < 1) {
      throw new RpcError(
          RpcError.INVALID_PARAMS, "StartRecordNumber must be >= 0 and RecordsCount >= 1");
    }
    List<String> columns = columns(query.path("Columns"));
    JsonNode filterNode = query.path("Filter");
    if (!filterNode.isMissingNode() && !filterNode.isTextual()) {
      throw new RpcError(RpcError.INVALID_PARAMS, "Filter must be a string");
    }
    StatisticsFilter filter = StatisticsFilter.parse(filterNode.asText(""));

    ArrayNode rows = JSON.createArrayNode();
    synchronized (lock) {
      long index = 0;
      for (EmulatedDevice device : devices.values()) {
        if (device.partnerId != partnerId || !filter.matches(device)) {
          continue;
        }
        if (index >= start && index < start + count) {
          rows.add(row(device, columns));
        }
        index++;
      }
    }
    ObjectNode result = JSON.createObjectNode();
    result.set("result", rows);
    result.putNull("totalStatistics");
    return result;
  }

  private static List<String> columns(JsonNode node) throws RpcError {
    if (!node.isArray() || node.isEmpty()) {
      throw new RpcError(RpcError.INVALID_PARAMS, "Columns must be a non-empty list of codes");
    }
    List<String> columns = new ArrayList<>();
    for (JsonNode column : node) {
      if (!column.isTextual()) {
        throw new RpcError(RpcError.INVALID_PARAMS, "Columns must be a list of strings");
      }
      StatisticsColumns.check(column.asText());
      columns.add(column.asText());
    }
    return columns;
  }

  private static ObjectNode row(EmulatedDevice device, List<String> columns) {
    ObjectNode row = JSON.createObjectNode();
    row.put("AccountId", device.accountId);
    row.putArray("Flags");
    row.put("PartnerId", device.partnerId);
    ArrayNode settings = row.putArray("Settings");
    for (String column : columns) {
      settings.addObject().put(column, StatisticsColumns.value(device, column));
    }
    return row;
  }

  private static String requiredText(JsonNode params, String field) throws RpcError {
    JsonNode value = params.path(field);
    if (!value.isTextual()) {
      throw new RpcError(RpcError.INVALID_PARAMS, "Parameter '" + field + "' (string) is required");
    }
    return value.asText();
  }

  private static long requiredLong(JsonNode params, String field) throws RpcError {
    JsonNode value = params.path(field);
    if (!value.isIntegralNumber()) {
      throw new RpcError(RpcError.INVALID_PARAMS, "Field '" + field + "' (integer) is required");
    }
    return value.asLong();
  }

  private static JsonNode idOf(JsonNode request) {
    return request == null || !request.has("id") ? NullNode.getInstance() : request.get("id");
  }

  private static ObjectNode envelope(JsonNode id) {
    ObjectNode response = JSON.createObjectNode();
    response.set("id", id);
    response.put("jsonrpc", "2.0");
    return response;
  }

  private static ObjectNode error(JsonNode id, int code, String message, String visa) {
    ObjectNode response = envelope(id);
    ObjectNode error = response.putObject("error");
    error.put("code", code);
    error.putNull("data");
    error.put("message", message);
    if (visa != null) {
      response.put("visa", visa);
    }
    return response;
  }

  private static byte[] readBounded(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_REQUEST_BYTES + 1);
    return body.length > MAX_REQUEST_BYTES ? null : body;
  }

  private static void respondJson(HttpExchange exchange, JsonNode body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    send(exchange, 200, JSON.writeValueAsBytes(body));
  }

  private static void respondText(HttpExchange exchange, int status, String text)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    send(exchange, status, text.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
