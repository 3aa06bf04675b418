package io.scephub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;

/** A compact JWS split into its parts; verifies RS256/384/512 and ES256/384 signatures with the JDK. */
record JwtAssertion(JsonNode header, JsonNode payload, byte[] signingInput, byte[] signature) {

    static JwtAssertion parse(String compact, ObjectMapper json) {
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new IllegalArgumentException("client_assertion is not a compact JWT (three base64url parts)");
        }
        try {
            var decoder = Base64.getUrlDecoder();
            JsonNode header = json.readTree(decoder.decode(parts[0]));
            JsonNode payload = json.readTree(decoder.decode(parts[1]));
            if (!header.isObject() || !payload.isObject()) {
                throw new IllegalArgumentException("client_assertion header and payload must be JSON objects");
            }
            byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
            return new JwtAssertion(header, payload, input, decoder.decode(parts[2]));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("client_assertion is not a well-formed JWT: " + e.getMessage(), e);
        }
    }

    String claim(String name) {
        JsonNode value = payload.get(name);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    boolean audienceIs(String expected) {
        JsonNode aud = payload.get("aud");
        if (aud == null) {
            return false;
        }
        if (aud.isArray()) {
            for (JsonNode entry : aud) {
                if (expected.equals(entry.asText())) {
                    return true;
                }
            }
            return false;
        }
        return expected.equals(aud.asText());
    }

    boolean verify(PublicKey key) {
        String alg = header.path("alg").asText("");
        try {
            Signature verifier;
            byte[] sig = signature;
            switch (alg) {
                case "RS256" -> verifier = Signature.getInstance("SHA256withRSA");
                case "RS384" -> verifier = Signature.getInstance("SHA384withRSA");
                case "RS512" -> verifier = Signature.getInstance("SHA512withRSA");
                case "ES256" -> {
                    verifier = Signature.getInstance("SHA256withECDSA");
                    sig = rawToDer(signature);
                }
                case "ES384" -> {
                    verifier = Signature.getInstance("SHA384withECDSA");
                    sig = rawToDer(signature);
                }
                default -> {
                    return false;
                }
            }
            verifier.initVerify(key);
            verifier.update(signingInput);
            return verifier.verify(sig);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** JWS carries ECDSA signatures as R||S; the JDK wants an ASN.1 SEQUENCE of two INTEGERs. */
    private static byte[] rawToDer(byte[] raw) {
        if (raw.length % 2 != 0) {
            throw new IllegalArgumentException("bad ECDSA signature length");
        }
        int half = raw.length / 2;
        byte[] r = new BigInteger(1, Arrays.copyOfRange(raw, 0, half)).toByteArray();
        byte[] s = new BigInteger(1, Arrays.copyOfRange(raw, half, raw.length)).toByteArray();
        int length = 2 + r.length + 2 + s.length;
        var out = new java.io.ByteArrayOutputStream();
        out.write(0x30);
        if (length > 127) {
            out.write(0x81);
        }
        out.write(length);
        out.write(0x02);
        out.write(r.length);
        out.write(r, 0, r.length);
        out.write(0x02);
        out.write(s.length);
        out.write(s, 0, s.length);
        return out.toByteArray();
    }
}
