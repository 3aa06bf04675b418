package io.scephub.hub.challenge;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.core.challenge.ChallengeAccepted;
import io.scephub.core.challenge.ChallengeDecision;
import io.scephub.core.challenge.ChallengeRejected;

/** The JSON form of a decision, shared by {@code verify-challenge --output json} and the REST API. */
public final class DecisionJson {
    private DecisionJson() {
    }

    public static ObjectNode of(ChallengeDecision decision) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        if (decision instanceof ChallengeAccepted a) {
            json.put("decision", "accepted");
            json.put("issuer", a.issuer());
            json.put("audience", a.audience());
            json.put("subject", a.subject());
            json.put("jti", a.jti());
            json.put("expiry", a.expiry().toString());
            json.put("signerFingerprint", a.signerFingerprint());
            json.put("algorithm", a.algorithm().joseName());
            a.keyId().ifPresent(kid -> json.put("keyId", kid));
        } else if (decision instanceof ChallengeRejected r) {
            json.put("decision", "rejected");
            json.put("reason", r.reason().name());
            json.put("message", r.detail());
        }
        return json;
    }
}
