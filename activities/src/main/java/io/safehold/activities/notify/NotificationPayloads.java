package io.safehold.activities.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.safehold.workflows.notify.NotificationEvent;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The JSON bodies webhooks receive: Safehold's own generic document, a Slack incoming-webhook
 * message ({@code text} plus Block Kit blocks), and a Teams message carrying an Adaptive Card (what
 * Teams workflow webhooks accept).
 */
final class NotificationPayloads {

  /** Slack caps a header block at 150 characters and a section's text at 3000. */
  private static final int SLACK_HEADER_MAX = 150;

  private static final int SLACK_SECTION_MAX = 3000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private NotificationPayloads() {}

  /** Body for a target of {@code kind} webhook, slack or teams. */
  static byte[] forKind(String kind, NotificationEvent event) {
    NotificationMessage message = NotificationMessage.of(event);
    ObjectNode body =
        switch (kind) {
          case "slack" -> slack(message);
          case "teams" -> teams(message);
          default -> generic(event, message);
        };
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A notification could not be written as JSON", e);
    }
  }

  static ObjectNode generic(NotificationEvent event, NotificationMessage message) {
    ObjectNode root = JSON.createObjectNode();
    root.put("source", "safehold");
    root.put("event", event.type().wireName());
    root.put("title", message.title());
    root.put("message", message.text());
    root.put("occurredAt", event.occurredAt() == null ? null : event.occurredAt().toString());
    if (event.runId() != null) {
      ObjectNode run = root.putObject("run");
      run.put("id", event.runId());
      run.put("status", event.status());
    } else {
      root.putNull("run");
    }
    if (event.assetId() != null || event.assetName() != null) {
      ObjectNode asset = root.putObject("asset");
      asset.put("id", event.assetId());
      asset.put("kind", event.assetKind());
      asset.put("name", event.assetName());
    } else {
      root.putNull("asset");
    }
    root.put("subject", event.subject());
    if (event.alertId() == null) {
      root.putNull("alertId");
    } else {
      root.put("alertId", event.alertId());
    }
    return root;
  }

  static ObjectNode slack(NotificationMessage message) {
    ObjectNode root = JSON.createObjectNode();
    root.put("text", message.title() + ": " + message.text());
    ArrayNode blocks = root.putArray("blocks");
    ObjectNode header = blocks.addObject();
    header.put("type", "header");
    ObjectNode headerText = header.putObject("text");
    headerText.put("type", "plain_text");
    headerText.put("text", cut(message.title(), SLACK_HEADER_MAX));
    ObjectNode section = blocks.addObject();
    section.put("type", "section");
    ObjectNode sectionText = section.putObject("text");
    sectionText.put("type", "mrkdwn");
    sectionText.put("text", cut(slackEscape(message.text()), SLACK_SECTION_MAX));
    ObjectNode context = blocks.addObject();
    context.put("type", "context");
    ObjectNode facts = context.putArray("elements").addObject();
    facts.put("type", "mrkdwn");
    facts.put(
        "text",
        cut(
            slackEscape(
                message.facts().entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining(" · "))),
            SLACK_SECTION_MAX));
    return root;
  }

  static ObjectNode teams(NotificationMessage message) {
    ObjectNode root = JSON.createObjectNode();
    root.put("type", "message");
    ObjectNode attachment = root.putArray("attachments").addObject();
    attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
    attachment.putNull("contentUrl");
    ObjectNode card = attachment.putObject("content");
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    ArrayNode body = card.putArray("body");
    ObjectNode title = body.addObject();
    title.put("type", "TextBlock");
    title.put("text", message.title());
    title.put("weight", "Bolder");
    title.put("size", "Medium");
    title.put("wrap", true);
    ObjectNode text = body.addObject();
    text.put("type", "TextBlock");
    text.put("text", message.text());
    text.put("wrap", true);
    ObjectNode factSet = body.addObject();
    factSet.put("type", "FactSet");
    ArrayNode facts = factSet.putArray("facts");
    for (Map.Entry<String, String> fact : message.facts().entrySet()) {
      ObjectNode f = facts.addObject();
      f.put("title", fact.getKey());
      f.put("value", fact.getValue());
    }
    return root;
  }

  /** Slack mrkdwn reserves these three characters. */
  private static String slackEscape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
