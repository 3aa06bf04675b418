package io.scephub.hub.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.config.NotificationEvent;
import io.scephub.config.NotificationTarget;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookPayloadsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Notice NOTICE = new Notice("9f1c2d3e-0000-4000-8000-000000000001", NotificationEvent.DRIFT,
            Instant.parse("2026-12-06T17:00:00Z"), "run-1", "scephub drift: 1 resource(s)",
            "~ update intune.scep-profile/windows-intune (scepServerUrls) <b>&", JSON.createObjectNode().put("k", "v"));

    @Test
    void slackGetsTextAsTheFallbackAndHeaderSectionAndContextBlocks() throws Exception {
        JsonNode body = JSON.readTree(WebhookPayloads.body(NotificationTarget.Kind.SLACK, NOTICE));

        assertThat(body.path("text").asText()).startsWith("scephub drift: 1 resource(s): ~ update");
        assertThat(body.path("blocks")).hasSize(3);
        assertThat(body.at("/blocks/0/type").asText()).isEqualTo("header");
        assertThat(body.at("/blocks/0/text/type").asText()).isEqualTo("plain_text");
        assertThat(body.at("/blocks/1/type").asText()).isEqualTo("section");
        assertThat(body.at("/blocks/1/text/type").asText()).isEqualTo("mrkdwn");
        assertThat(body.at("/blocks/1/text/text").asText()).endsWith("&lt;b&gt;&amp;");
        assertThat(body.at("/blocks/2/type").asText()).isEqualTo("context");
    }

    @Test
    void teamsGetsAMessageWithOneAdaptiveCardAttachment() throws Exception {
        JsonNode body = JSON.readTree(WebhookPayloads.body(NotificationTarget.Kind.TEAMS, NOTICE));

        assertThat(body.path("type").asText()).isEqualTo("message");
        assertThat(body.path("attachments")).hasSize(1);
        JsonNode attachment = body.path("attachments").get(0);
        assertThat(attachment.path("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(attachment.has("contentUrl")).isTrue();
        assertThat(attachment.at("/content/type").asText()).isEqualTo("AdaptiveCard");
        assertThat(attachment.at("/content/version").asText()).isEqualTo("1.4");
        assertThat(attachment.at("/content/body/0/text").asText()).isEqualTo("scephub drift: 1 resource(s)");
        assertThat(attachment.at("/content/body/2/type").asText()).isEqualTo("FactSet");
    }

    @Test
    void genericCarriesTheIdTypeTimeAndData() throws Exception {
        JsonNode body = JSON.readTree(WebhookPayloads.body(NotificationTarget.Kind.GENERIC, NOTICE));

        assertThat(body.path("id").asText()).isEqualTo(NOTICE.id());
        assertThat(body.path("type").asText()).isEqualTo("drift");
        assertThat(body.path("occurredAt").asText()).isEqualTo("2026-12-06T17:00:00Z");
        assertThat(body.path("subject").asText()).isEqualTo("run-1");
        assertThat(body.at("/data/k").asText()).isEqualTo("v");
    }
}
