package io.safehold.api.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.safehold.api.auth.RequiresRole;
import io.safehold.api.auth.Role;
import io.safehold.api.errors.ApiException;
import io.safehold.api.runs.CovePolling;
import io.safehold.catalog.CoveAccountDao;
import io.safehold.catalog.CoveAccountRow;
import io.safehold.catalog.CredentialDao;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * Cove Data Protection accounts (MSP tenants) that Safehold polls, each by its own {@code
 * CovePollingWorkflow}. Paths take an account's id or its name. Managing accounts needs admin;
 * polling now needs operator. No response carries a secret: the login is a credential referenced by
 * id.
 */
@Path("/api/v1/cove/accounts")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.VIEWER)
public final class CoveAccountResource {

  /** Error code of a path naming no Cove account. */
  public static final String NOT_FOUND = "cove_account_not_found";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A Cove account as the API shows it, with its health.
   *
   * @param partnerId Cove's id of the partner, known after the first login
   * @param healthy whether the last cycle reached Cove and read it; null before the first cycle
   * @param lastError why the last cycle failed, or which page it skipped; null when clean
   * @param lastPollAt when the last cycle ended, good or not
   * @param pollCount cycles ended so far
   * @param lastCycle the counts of the last good cycle: devices, newDevices, pages, skippedPages,
   *     malformedRows, sessionsSeen, runsInserted, runsSettled, rowsWritten, durationMillis
   * @param workflowId the Temporal workflow that polls it
   */
  public record CoveAccountView(
      UUID id,
      String name,
      String apiUrl,
      String partner,
      UUID credentialId,
      int pollIntervalSeconds,
      double maxRequestsPerSecond,
      Instant createdAt,
      Long partnerId,
      Boolean healthy,
      String lastError,
      Instant lastPollAt,
      long pollCount,
      JsonNode lastCycle,
      String workflowId) {
    static CoveAccountView of(CoveAccountRow row) {
      JsonNode stats;
      try {
        stats = row.lastPollStatsJson() == null ? null : JSON.readTree(row.lastPollStatsJson());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new CoveAccountView(
          row.id(),
          row.name(),
          row.apiUrl(),
          row.partner(),
          row.credentialId(),
          row.pollIntervalS(),
          row.maxRequestsPerSecond(),
          row.createdAt(),
          row.partnerId(),
          row.healthy(),
          row.lastError(),
          row.lastPollAt(),
          row.pollCount(),
          stats,
          CovePolling.workflowId(row.id()));
    }
  }

  /** Answer of {@code POST .../poll}. */
  public record PollView(UUID accountId, String workflowId) {}

  private final CoveAccountDao accounts;
  private final CoveAccountRules rules;
  private final CovePolling polling;

  public CoveAccountResource(
      CoveAccountDao accounts, CredentialDao credentials, CovePolling polling) {
    this.accounts = accounts;
    this.rules = new CoveAccountRules(accounts, credentials);
    this.polling = polling;
  }

  /** Registers the account and starts its polling loop, which polls at once. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.ADMIN)
  public Response create(@NotNull @Valid CoveAccountRequest request) {
    CoveAccountRow row = rules.toRow(request);
    accounts.insert(row);
    CoveAccountRow stored = accounts.find(row.id()).orElseThrow();
    polling.startNew(stored);
    return Response.created(URI.create("/api/v1/cove/accounts/" + stored.id()))
        .entity(CoveAccountView.of(stored))
        .build();
  }

  @GET
  public Items<CoveAccountView> list() {
    return new Items<>(accounts.list().stream().map(CoveAccountView::of).toList());
  }

  @GET
  @Path("{account}")
  public CoveAccountView get(@PathParam("account") String account) {
    return CoveAccountView.of(require(account));
  }

  /**
   * Stops polling and deletes the account. Its devices (assets) and imported runs stay in the
   * catalog as history.
   */
  @DELETE
  @Path("{account}")
  @RequiresRole(Role.ADMIN)
  public Response delete(@PathParam("account") String account) {
    CoveAccountRow row = require(account);
    accounts.delete(row.id());
    polling.stop(row.id());
    return Response.noContent().build();
  }

  /** Asks the account's loop for a cycle now (after the one running, if any). */
  @POST
  @Path("{account}/poll")
  @RequiresRole(Role.OPERATOR)
  public Response poll(@PathParam("account") String account) {
    CoveAccountRow row = require(account);
    polling.pollNow(row);
    return Response.accepted(new PollView(row.id(), CovePolling.workflowId(row.id()))).build();
  }

  /** By id, or by name (names are unique and cannot look like ids). */
  private CoveAccountRow require(String account) {
    return Ids.tryParse(account)
        .flatMap(accounts::find)
        .or(() -> accounts.findByName(account))
        .orElseThrow(
            () ->
                new ApiException(
                    404, NOT_FOUND, "no Cove account with id or name '" + account + "'"));
  }
}
