package io.scephub.jamf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.core.error.ChallengeUnavailable;
import io.scephub.core.model.Secret;
import io.scephub.core.spi.DynamicChallengeSource;
import io.scephub.core.spi.InboundRequest;
import io.scephub.core.spi.InboundResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers Jamf Pro's SCEPChallenge webhook ({@code POST /hooks/jamf/scep-challenge}): Jamf posts
 * {@code {"webhook": {"webhookEvent": "SCEPChallenge", …}, "event": {"scepServerUrl": …, …}}} with HTTP
 * Basic, and scephub answers the one-time challenge as plain text, fetched from Okta's challenge URL
 * of the enrollment with that SCEP URL. Okta's username and password stay in scephub.
 */
final class JamfScepChallengeWebhook implements Function<InboundRequest, InboundResponse> {
    static final String PATH = "/scep-challenge";
    private static final Logger LOG = LoggerFactory.getLogger(JamfScepChallengeWebhook.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JamfWebhookSettings settings;
    private final DynamicChallengeSource challenges;

    JamfScepChallengeWebhook(JamfWebhookSettings settings, DynamicChallengeSource challenges) {
        this.settings = settings;
        this.challenges = challenges;
    }

    @Override
    public InboundResponse apply(InboundRequest request) {
        if (!authenticated(request.header("Authorization").orElse(""))) {
            LOG.warn("jamf webhook unauthorized remote={}", request.remote());
            return InboundResponse.text(401, "send HTTP Basic with mdm.jamf.webhook.username and its password (the Jamf webhook's "
                    + "Basic Authentication)").withHeader("WWW-Authenticate", "Basic realm=\"scephub jamf\", charset=\"UTF-8\"");
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (IOException e) {
            return InboundResponse.text(400, "the body is not JSON; set the Jamf webhook's Content Type to JSON");
        }
        if (body == null || !body.isObject()) {
            return InboundResponse.text(400, "the body is not a JSON object; expected Jamf's {\"webhook\": …, \"event\": …}");
        }
        String event = body.path("webhook").path("webhookEvent").asText("");
        if (!event.equals(JamfWebhooks.EVENT)) {
            return InboundResponse.text(400, "webhook.webhookEvent is " + (event.isEmpty() ? "missing" : "\"" + quoted(event) + "\"")
                    + "; this endpoint answers only " + JamfWebhooks.EVENT);
        }
        JsonNode scepUrl = body.path("event").path("scepServerUrl");
        if (!scepUrl.isTextual() || scepUrl.asText().isBlank()) {
            return InboundResponse.text(400, "event.scepServerUrl is missing; expected the SCEP URL of the payload Jamf is delivering");
        }
        try {
            Secret challenge = challenges.challengeFor(scepUrl.asText());
            LOG.info("jamf webhook challenge answered scepUrl={}", scepUrl.asText());
            return new InboundResponse(200, "text/plain; charset=utf-8", challenge.reveal(),
                    java.util.Map.of("Cache-Control", "no-store"));
        } catch (ChallengeUnavailable e) {
            LOG.warn("jamf webhook challenge unavailable scepUrl={} reason={} message=\"{}\"", scepUrl.asText(), e.reason(),
                    e.getMessage());
            int status = e.reason() == ChallengeUnavailable.Reason.UNKNOWN_SCEP_URL ? 404 : 502;
            return InboundResponse.text(status, e.getMessage());
        }
    }

    private boolean authenticated(String authorization) {
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(authorization.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] expected = (settings.username() + ":" + settings.password().reveal()).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, expected);
    }

    private static String quoted(String value) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        StringBuilder out = new StringBuilder();
        shown.codePoints().forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : Character.toString(c)));
        return out.toString();
    }
}
