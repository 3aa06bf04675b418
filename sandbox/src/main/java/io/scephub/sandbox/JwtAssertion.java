package io.scephub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import java.io.IOException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** A compact JWS parsed by nimbus-jose-jwt; verifies RS256/384/512 and ES256/384 signatures. */
record JwtAssertion(JWSObject jws, JsonNode payload) {
    private static final Set<JWSAlgorithm> RSA = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512);
    private static final Set<JWSAlgorithm> EC = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384);

    static JwtAssertion parse(String compact, ObjectMapper json) {
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new IllegalArgumentException("client_assertion is not a compact JWT (three base64url parts)");
        }
        try {
            JWSObject jws = JWSObject.parse(compact);
            JsonNode payload = json.readTree(jws.getPayload().toBytes());
            if (payload == null || !payload.isObject()) {
                throw new IllegalArgumentException("client_assertion header and payload must be JSON objects");
            }
            return new JwtAssertion(jws, payload);
        } catch (ParseException | IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("client_assertion is not a well-formed JWT: " + e.getMessage(), e);
        }
    }

    String claim(String name) {
        JsonNode value = payload.get(name);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    boolean audienceIs(String expected) {
        return audienceIsAnyOf(List.of(expected));
    }

    /** True when {@code aud} (a string or an array of them) names one of {@code expected}. */
    boolean audienceIsAnyOf(Collection<String> expected) {
        JsonNode aud = payload.get("aud");
        if (aud == null) {
            return false;
        }
        if (aud.isArray()) {
            for (JsonNode entry : aud) {
                if (expected.contains(entry.asText())) {
                    return true;
                }
            }
            return false;
        }
        return expected.contains(aud.asText());
    }

    boolean verify(PublicKey key) {
        JWSAlgorithm alg = jws.getHeader().getAlgorithm();
        try {
            JWSVerifier verifier;
            if (RSA.contains(alg) && key instanceof RSAPublicKey rsa) {
                verifier = new RSASSAVerifier(rsa);
            } else if (EC.contains(alg) && key instanceof ECPublicKey ec) {
                verifier = new ECDSAVerifier(ec);
            } else {
                return false;
            }
            return jws.verify(verifier);
        } catch (JOSEException | IllegalStateException e) {
            return false;
        }
    }
}
