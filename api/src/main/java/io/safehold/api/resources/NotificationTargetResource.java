package io.safehold.api.resources;

import io.safehold.activities.notify.NotificationFailure;
import io.safehold.activities.notify.NotificationSender;
import io.safehold.api.auth.RequiresRole;
import io.safehold.api.auth.Role;
import io.safehold.api.errors.ApiException;
import io.safehold.catalog.CredentialDao;
import io.safehold.catalog.NotificationDao;
import io.safehold.catalog.NotificationDeliveryRow;
import io.safehold.catalog.NotificationTargetRow;
import io.safehold.catalog.secrets.CredentialVault;
import io.safehold.workflows.notify.NotificationEvent;
import io.safehold.workflows.notify.NotificationEventType;
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
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Where notifications go: webhooks (generic JSON, Slack, Teams) and e-mail over SMTP. Paths take a
 * target's id or name. Changes and test sends need admin; reading needs viewer. No response carries
 * a secret: a webhook's URL shows only its origin (Slack and Teams URLs are secrets), and logins
 * and header secrets are credentials referenced by id.
 */
@Path("/api/v1/notification-targets")
@Produces(MediaType.APPLICATION_JSON)
@RequiresRole(Role.VIEWER)
public final class NotificationTargetResource {

  /** Error code of a test notification the target did not accept. */
  public static final String NOT_DELIVERED = "notification_not_delivered";

  private static final int DELIVERIES_SHOWN = 50;

  /**
   * A target as the API shows it.
   *
   * @param urlOrigin scheme, host and port of a webhook's URL; the rest is never shown
   */
  public record NotificationTargetView(
      UUID id,
      String name,
      String kind,
      String urlOrigin,
      String secretHeader,
      UUID credentialId,
      String smtpHost,
      Integer smtpPort,
      Boolean requireStartTls,
      String tlsCertificateSha256,
      String from,
      List<String> to,
      List<String> events,
      List<String> assetKinds,
      boolean enabled,
      Instant createdAt) {
    static NotificationTargetView of(NotificationTargetRow row) {
      boolean email = row.isEmail();
      return new NotificationTargetView(
          row.id(),
          row.name(),
          row.kind(),
          row.urlOrigin(),
          row.secretHeader(),
          row.credentialId(),
          row.smtpHost(),
          row.smtpPort(),
          email ? row.smtpRequireStarttls() : null,
          row.smtpTlsSha256(),
          row.mailFrom(),
          email ? row.mailTo() : null,
          row.eventTypes(),
          row.assetKinds(),
          row.enabled(),
          row.createdAt());
    }
  }

  /** What a test send did. */
  public record TestResult(boolean delivered, String answer) {}

  /** One delivery attempt as the API shows it. */
  public record DeliveryView(
      long id,
      String event,
      UUID runId,
      int attempt,
      boolean delivered,
      String detail,
      Instant at) {
    static DeliveryView of(NotificationDeliveryRow row) {
      return new DeliveryView(
          row.id(),
          row.eventType(),
          row.runId(),
          row.attempt(),
          row.delivered(),
          row.detail(),
          row.at());
    }
  }

  private final NotificationDao targets;
  private final NotificationTargetRules rules;
  private final NotificationSender sender;
  private final Clock clock;

  public NotificationTargetResource(
      NotificationDao targets,
      CredentialDao credentials,
      CredentialVault vault,
      NotificationSender sender,
      Clock clock) {
    this.targets = targets;
    this.rules = new NotificationTargetRules(targets, credentials, vault);
    this.sender = sender;
    this.clock = clock;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.ADMIN)
  public Response create(@NotNull @Valid NotificationTargetRequest request) {
    NotificationTargetRow row = rules.toRow(request);
    targets.insert(row);
    NotificationTargetRow stored = targets.find(row.id()).orElseThrow();
    return Response.created(URI.create("/api/v1/notification-targets/" + stored.id()))
        .entity(NotificationTargetView.of(stored))
        .build();
  }

  @GET
  public Items<NotificationTargetView> list() {
    return new Items<>(targets.list().stream().map(NotificationTargetView::of).toList());
  }

  @GET
  @Path("{target}")
  public NotificationTargetView get(@PathParam("target") String target) {
    return NotificationTargetView.of(require(target));
  }

  /** Deletes the target and its delivery log. */
  @DELETE
  @Path("{target}")
  @RequiresRole(Role.ADMIN)
  public Response delete(@PathParam("target") String target) {
    targets.delete(require(target).id());
    return Response.noContent().build();
  }

  /**
   * Sends a test notification now, whatever the target's filter and even when it is disabled, and
   * answers with what the target said: 200 when delivered, 502 {@value #NOT_DELIVERED} with the
   * reason when not. The attempt is logged like any other.
   */
  @POST
  @Path("{target}/test")
  @RequiresRole(Role.ADMIN)
  public TestResult test(@PathParam("target") String target) {
    NotificationTargetRow row = require(target);
    String type = NotificationEventType.TEST.wireName();
    NotificationEvent event =
        new NotificationEvent(
            NotificationEventType.TEST,
            null,
            null,
            null,
            null,
            null,
            row.name(),
            null,
            "This is a test notification from Safehold to target '"
                + row.name()
                + "'; if you can read it, the target works.",
            clock.instant());
    try {
      String answer = sender.send(row, event);
      targets.recordDelivery(row.id(), type, null, 1, true, answer);
      return new TestResult(true, answer);
    } catch (NotificationFailure failure) {
      targets.recordDelivery(row.id(), type, null, 1, false, failure.getMessage());
      throw new ApiException(502, NOT_DELIVERED, failure.getMessage());
    }
  }

  /** The newest delivery attempts first (at most 50). */
  @GET
  @Path("{target}/deliveries")
  public Items<DeliveryView> deliveries(@PathParam("target") String target) {
    return new Items<>(
        targets.deliveries(require(target).id(), DELIVERIES_SHOWN).stream()
            .map(DeliveryView::of)
            .toList());
  }

  /** By id, or by name (names are unique and cannot look like ids). */
  private NotificationTargetRow require(String target) {
    return Ids.tryParse(target)
        .flatMap(targets::find)
        .or(() -> targets.findByName(target))
        .orElseThrow(
            () -> ApiException.notFound("no notification target with id or name '" + target + "'"));
  }
}
