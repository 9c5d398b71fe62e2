package io.safehold.activities.cove;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safehold.catalog.CoveAccountDao;
import io.safehold.catalog.CoveAccountRow;
import io.safehold.catalog.CredentialDao;
import io.safehold.catalog.CredentialRow;
import io.safehold.catalog.secrets.CredentialVault;
import io.safehold.workflows.cove.CoveActivities;
import io.safehold.workflows.cove.CoveCycleSummary;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls Cove accounts into the catalog. Each account keeps one {@link CoveClient} (and so one visa
 * chain and one {@link CoveRateLimiter}) between cycles, rebuilt when the account's endpoint,
 * partner, credential or rate changes. The credential is read and decrypted here; the password and
 * the visa never leave this class.
 */
public final class CoveActivitiesImpl implements CoveActivities {

  private static final Logger log = LoggerFactory.getLogger(CoveActivitiesImpl.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Jdbi jdbi;
  private final CredentialVault vault;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final int pageSize;
  private final Map<UUID, AccountClient> clients = new ConcurrentHashMap<>();

  /** Production settings: 60 s per call, pages of 500 devices. */
  public CoveActivitiesImpl(Jdbi jdbi, CredentialVault vault) {
    this(jdbi, vault, Duration.ofSeconds(60), 500);
  }

  /**
   * @param requestTimeout connect and answer timeout of one call to Cove
   * @param pageSize devices per {@code EnumerateAccountStatistics} page, written in one transaction
   */
  public CoveActivitiesImpl(
      Jdbi jdbi, CredentialVault vault, Duration requestTimeout, int pageSize) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.vault = Objects.requireNonNull(vault, "vault");
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    this.pageSize = pageSize;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(requestTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public CoveCycleSummary importCycle(String accountId) {
    long started = System.nanoTime();
    CoveAccountDao accounts = jdbi.onDemand(CoveAccountDao.class);
    Optional<UUID> id = parse(accountId);
    Optional<CoveAccountRow> found = id.flatMap(accounts::find);
    if (found.isEmpty()) {
      id.ifPresent(clients::remove);
      return CoveCycleSummary.accountGone();
    }
    CoveAccountRow account = found.get();
    CovePageWriter writer = new CovePageWriter(jdbi);
    CovePaging paging;
    try {
      CoveClient client = clientFor(account);
      paging =
          client.eachPage(
              null,
              devices -> {
                writer.write(devices);
                Activity.getExecutionContext().heartbeat(writer.sessionsSeen());
              });
    } catch (CoveException e) {
      accounts.recordFailure(account.id(), e.getMessage(), false);
      if (e instanceof CoveAuthenticationException) {
        clients.remove(account.id());
        throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), LOGIN_REFUSED);
      }
      if (e.isTransient()) {
        throw ApplicationFailure.newFailure(e.getMessage(), UNAVAILABLE);
      }
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), RESPONSE_REFUSED);
    } catch (ApplicationFailure e) {
      accounts.recordFailure(account.id(), e.getOriginalMessage(), false);
      throw e;
    }
    long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
    CoveCycleSummary summary =
        new CoveCycleSummary(
            true,
            account.pollIntervalS(),
            paging.devices(),
            writer.newDevices(),
            paging.pages(),
            paging.skippedPages(),
            paging.malformedRows(),
            writer.sessionsSeen(),
            writer.runsInserted(),
            writer.runsSettled(),
            millis);
    String warning =
        paging.skippedPages() == 0
            ? null
            : paging.skippedPages()
                + " page(s) of devices skipped; last: "
                + paging.lastSkipReason();
    accounts.recordCycle(account.id(), paging.partnerId(), stats(summary), warning);
    log.info(
        "Cove account {}: {} devices ({} new), {} runs imported, {} settled, {} page(s) skipped,"
            + " {} ms",
        account.name(),
        summary.devices(),
        summary.newDevices(),
        summary.runsInserted(),
        summary.runsSettled(),
        summary.skippedPages(),
        millis);
    return summary;
  }

  @Override
  public void recordFailedCycle(String accountId, String error) {
    parse(accountId)
        .ifPresent(id -> jdbi.onDemand(CoveAccountDao.class).recordFailure(id, error, true));
  }

  private static Optional<UUID> parse(String accountId) {
    try {
      return Optional.of(UUID.fromString(accountId));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String stats(CoveCycleSummary summary) {
    ObjectNode stats = JSON.createObjectNode();
    stats.put("devices", summary.devices());
    stats.put("newDevices", summary.newDevices());
    stats.put("pages", summary.pages());
    stats.put("skippedPages", summary.skippedPages());
    stats.put("malformedRows", summary.malformedRows());
    stats.put("sessionsSeen", summary.sessionsSeen());
    stats.put("runsInserted", summary.runsInserted());
    stats.put("runsSettled", summary.runsSettled());
    stats.put("rowsWritten", summary.rowsWritten());
    stats.put("durationMillis", summary.durationMillis());
    return stats.toString();
  }

  /** The account's client, kept while its connection settings stay the same. */
  private CoveClient clientFor(CoveAccountRow account) {
    String key =
        account.apiUrl()
            + "\n"
            + account.partner()
            + "\n"
            + account.credentialId()
            + "\n"
            + account.maxRequestsPerSecond();
    AccountClient cached = clients.get(account.id());
    if (cached != null && cached.key().equals(key)) {
      return cached.client();
    }
    CoveClient client =
        new CoveClient(
            http,
            new CoveClientSettings(URI.create(account.apiUrl()), requestTimeout, pageSize),
            login(account),
            new CoveRateLimiter(account.maxRequestsPerSecond()));
    clients.put(account.id(), new AccountClient(key, client));
    return client;
  }

  private CoveLogin login(CoveAccountRow account) {
    CredentialRow credential =
        jdbi.onDemand(CredentialDao.class)
            .find(account.credentialId())
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "The credential of Cove account "
                            + account.name()
                            + " no longer exists; give the account another credential",
                        CREDENTIAL_UNUSABLE));
    if (!"password".equals(credential.kind())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Credential '"
              + credential.name()
              + "' of Cove account "
              + account.name()
              + " is of kind "
              + credential.kind()
              + "; Cove needs a password credential (API user name and password)",
          CREDENTIAL_UNUSABLE);
    }
    String password;
    try {
      password = vault.openText(credential.secretEnc());
    } catch (CredentialVault.SecretUnreadableException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "The secret of credential '"
              + credential.name()
              + "' cannot be decrypted with this server's key; store the credential again",
          CREDENTIAL_UNUSABLE);
    }
    return new CoveLogin(account.partner(), credential.username(), password);
  }

  private record AccountClient(String key, CoveClient client) {}
}
