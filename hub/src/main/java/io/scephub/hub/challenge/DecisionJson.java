package io.scephub.hub.challenge;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.core.challenge.ChallengeAccepted;
import io.scephub.core.challenge.ChallengeDecision;
import io.scephub.core.challenge.ChallengeRejected;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The JSON form of a decision, shared by {@code verify-challenge --output json} and the REST API. */
public final class DecisionJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private DecisionJson() {
    }

    /** As a tree, for the CLI's pretty-printed output; the same members in the same order as {@link #bytes}. */
    public static ObjectNode of(ChallengeDecision decision) {
        try {
            return (ObjectNode) new ObjectMapper(FACTORY).readTree(bytes(decision));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * UTF-8 JSON written straight from the decision: the REST answer of every verification, so no tree is built
     * per request.
     */
    public static byte[] bytes(ChallengeDecision decision) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            if (decision instanceof ChallengeAccepted a) {
                json.writeStringField("decision", "accepted");
                json.writeStringField("issuer", a.issuer());
                json.writeStringField("audience", a.audience());
                json.writeStringField("subject", a.subject());
                json.writeStringField("jti", a.jti());
                json.writeStringField("expiry", a.expiry().toString());
                json.writeStringField("signerFingerprint", a.signerFingerprint());
                json.writeStringField("algorithm", a.algorithm().joseName());
                if (a.keyId().isPresent()) {
                    json.writeStringField("keyId", a.keyId().get());
                }
            } else if (decision instanceof ChallengeRejected r) {
                json.writeStringField("decision", "rejected");
                json.writeStringField("reason", r.reason().name());
                json.writeStringField("message", r.detail());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
