package io.scephub.hub.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.config.NotificationTarget;
import java.nio.charset.StandardCharsets;

/**
 * The three body shapes of a notice. Slack: an incoming-webhook message, {@code text} (the
 * notification fallback) plus Block Kit {@code blocks} (api.slack.com/messaging/webhooks). Teams: a
 * {@code message} whose {@code attachments} hold one Adaptive Card, as Microsoft's "Send Adaptive
 * Cards using an Incoming Webhook" shows it and Teams Workflows' "post to a channel when a webhook
 * request is received" accepts it. Generic: scephub's own JSON (docs/NOTIFICATIONS.md).
 */
public final class WebhookPayloads {
    /** Slack cuts a header block at 150 characters and a section's text at 3,000. */
    static final int SLACK_HEADER_MAX = 150;
    static final int SLACK_SECTION_MAX = 3000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookPayloads() {
    }

    /** The body for {@code kind}, as UTF-8 bytes (what is signed is exactly what is sent). */
    public static byte[] body(NotificationTarget.Kind kind, Notice notice) {
        ObjectNode body = switch (kind) {
            case GENERIC -> generic(notice);
            case SLACK -> slack(notice);
            case TEAMS -> teams(notice);
        };
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    static ObjectNode generic(Notice notice) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", notice.id());
        body.put("type", notice.event().value());
        body.put("occurredAt", notice.occurredAt().toString());
        body.put("subject", notice.subject());
        body.put("title", notice.title());
        body.put("text", notice.text());
        body.set("data", notice.data());
        return body;
    }

    static ObjectNode slack(Notice notice) {
        ObjectNode body = JSON.createObjectNode();
        body.put("text", notice.title() + ": " + notice.text());
        ArrayNode blocks = body.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", cut(notice.title(), SLACK_HEADER_MAX));
        ObjectNode section = blocks.addObject().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", cut(escapeSlack(notice.text()), SLACK_SECTION_MAX));
        ObjectNode context = blocks.addObject().put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", "scephub " + notice.event().value() + " · " + notice.occurredAt() + " · event " + notice.id());
        return body;
    }

    static ObjectNode teams(Notice notice) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "message");
        ObjectNode attachment = body.putArray("attachments").addObject();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        ArrayNode items = card.putArray("body");
        items.addObject().put("type", "TextBlock").put("text", notice.title()).put("weight", "Bolder").put("size", "Medium")
                .put("wrap", true);
        items.addObject().put("type", "TextBlock").put("text", notice.text()).put("wrap", true);
        ArrayNode facts = items.addObject().put("type", "FactSet").putArray("facts");
        facts.addObject().put("title", "Event").put("value", notice.event().value());
        facts.addObject().put("title", "At").put("value", notice.occurredAt().toString());
        facts.addObject().put("title", "Id").put("value", notice.id());
        return body;
    }

    /** Slack's mrkdwn treats &, < and > as control characters (its "Escaping text" rule). */
    private static String escapeSlack(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
