package io.scephub.jamf;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.error.ChallengeUnavailable;
import io.scephub.core.model.Secret;
import io.scephub.core.spi.InboundRequest;
import io.scephub.core.spi.InboundResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JamfScepChallengeWebhookTest {
    private static final String PASSWORD = "canary-webhook-password-77e1";
    private static final String SCEP_URL = "https://example.okta.com/pki/ABC/scep/rac1";
    private final List<String> asked = new ArrayList<>();
    private final JamfScepChallengeWebhook webhook = new JamfScepChallengeWebhook(
            new JamfWebhookSettings("https://scephub.example.com/hooks/jamf/scep-challenge", "jamf-webhook",
                    Secret.of(PASSWORD, "${env:JAMF_WEBHOOK_PASSWORD}")),
            scepUrl -> {
                asked.add(scepUrl);
                if (!scepUrl.equals(SCEP_URL)) {
                    throw new ChallengeUnavailable(ChallengeUnavailable.Reason.UNKNOWN_SCEP_URL, "no enrollment has " + scepUrl);
                }
                return Secret.of("one-time-" + asked.size(), "challenge");
            });

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String event(String name, String scepUrl) {
        return "{\"webhook\":{\"id\":1,\"name\":\"scephub SCEPChallenge\",\"webhookEvent\":\"" + name
                + "\",\"eventTimestamp\":1},\"event\":{\"scepServerUrl\":\"" + scepUrl
                + "\",\"payloadIdentifier\":\"io.scephub.scep.macos-jamf\",\"payloadTypes\":[\"com.apple.security.scep\"]}}";
    }

    private InboundResponse post(String authorization, String body) {
        return webhook.apply(new InboundRequest(authorization == null ? Map.of() : Map.of("authorization", authorization),
                body.getBytes(StandardCharsets.UTF_8), "127.0.0.1"));
    }

    @Test
    void jamfsScepChallengeEventGetsAFreshOneTimeChallengeAsPlainText() {
        InboundResponse first = post(basic("jamf-webhook", PASSWORD), event("SCEPChallenge", SCEP_URL));
        InboundResponse second = post(basic("jamf-webhook", PASSWORD), event("SCEPChallenge", SCEP_URL));

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.contentType()).startsWith("text/plain");
        assertThat(first.body()).isEqualTo("one-time-1");
        assertThat(second.body()).isEqualTo("one-time-2");
        assertThat(first.headers()).containsEntry("Cache-Control", "no-store");
        assertThat(asked).containsExactly(SCEP_URL, SCEP_URL);
    }

    @Test
    void aCallerWithoutJamfsBasicCredentialsIsRefusedBeforeAnythingIsFetched() {
        for (String authorization : new String[] {null, basic("jamf-webhook", "wrong"), basic("other", PASSWORD), "Bearer x",
                "Basic !!!"}) {
            InboundResponse refused = post(authorization, event("SCEPChallenge", SCEP_URL));
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.headers()).containsKey("WWW-Authenticate");
            assertThat(refused.body()).doesNotContain(PASSWORD);
        }
        assertThat(asked).isEmpty();
    }

    @Test
    void otherEventsAndMalformedBodiesAreRefusedWithWhatWasExpected() {
        String auth = basic("jamf-webhook", PASSWORD);
        assertThat(post(auth, "not json")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("Content Type to JSON");
        });
        assertThat(post(auth, "[]").body()).contains("not a JSON object");
        assertThat(post(auth, event("ComputerAdded", SCEP_URL))).satisfies(r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("\"ComputerAdded\"").contains("only SCEPChallenge");
        });
        assertThat(post(auth, "{\"webhook\":{\"webhookEvent\":\"SCEPChallenge\"},\"event\":{}}").body())
                .contains("event.scepServerUrl is missing");
        assertThat(asked).isEmpty();
    }

    @Test
    void aScepUrlNoEnrollmentHasIsA404NamingIt() {
        InboundResponse unknown = post(basic("jamf-webhook", PASSWORD), event("SCEPChallenge", "https://other.example.com/scep"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("https://other.example.com/scep");
    }
}
