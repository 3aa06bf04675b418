package io.scephub.core.challenge;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.core.challenge.ChallengeRejected.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Parses the claims JSON strictly (the header's JSON is nimbus's, after {@link #utf8}): UTF-8 only (RFC 8259 §8.1), one object, no
 * duplicate members (RFC 7515 §5.2 allows rejecting them, and they let two parsers disagree), no
 * trailing content, bounded nesting and string lengths.
 */
final class StrictJson {

    private final ObjectReader reader;

    StrictJson() {
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(8)
                        .maxStringLength(ChallengeVerifier.MAX_TOKEN_CHARS)
                        .maxNumberLength(40)
                        .build())
                .build();
        this.reader = new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .readerFor(JsonNode.class);
    }

    /** Parses {@code utf8} as one JSON object; {@code part} ("header", "claims") names it in errors. */
    ObjectNode parseObject(byte[] utf8, String part) throws Rejection {
        String text = utf8(utf8, part);
        JsonNode node;
        try {
            node = reader.readTree(text);
        } catch (IOException e) {
            // Jackson's message quotes the input, so only its category is passed on.
            String problem = e.getMessage() != null && e.getMessage().startsWith("Duplicate field")
                    ? "has a duplicate member" : "is not valid JSON";
            throw new Rejection(Reason.MALFORMED, "JWS " + part + " " + problem);
        }
        if (node == null || !node.isObject()) {
            throw new Rejection(Reason.MALFORMED, "JWS " + part + " is not a JSON object");
        }
        return (ObjectNode) node;
    }

    /** {@code utf8} as text: valid UTF-8 (RFC 8259 section 8.1) without a byte order mark. */
    String utf8(byte[] utf8, String part) throws Rejection {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new Rejection(Reason.MALFORMED, "JWS " + part + " is not valid UTF-8");
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            throw new Rejection(Reason.MALFORMED, "JWS " + part + " starts with a byte order mark");
        }
        return text;
    }
}
