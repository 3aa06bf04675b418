package io.scephub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Tokens the delegated-challenge check refuses before it looks for a signer. */
class DelegatedChallengeCheckTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final String CLAIMS = "{\"iss\":\"intune:tenant\",\"aud\":\"okta\"}";

    private final ObjectMapper json = new ObjectMapper();
    private final DelegatedChallengeCheck check = new DelegatedChallengeCheck(json,
            new ChallengeIssuer(json, new Pki(), "tenant", new MutableClock(NOW), new SecureRandom()));
    private final ScepConfiguration configuration = new ScepConfiguration("ra", "ca", List.of(), Optional.empty(),
            "windows", "DELEGATED", true, null, null, null, "tenant", List.of("okta"));

    @Test
    void unsecuredAndHmacTokensAreAnUnsupportedAlgorithm() {
        assertThat(reason(token("{\"alg\":\"none\",\"typ\":\"scep-challenge+jwt\"}") + "."))
                .hasValue("UNSUPPORTED_ALGORITHM");
        assertThat(reason(token("{\"alg\":\"HS256\",\"typ\":\"scep-challenge+jwt\"}") + ".AAAA"))
                .hasValue("UNSUPPORTED_ALGORITHM");
        assertThat(reason(token("{\"alg\":\"ES256\",\"typ\":\"JWT\"}") + ".AAAA")).hasValue("UNSUPPORTED_ALGORITHM");
    }

    @Test
    void tokensThatAreNotThreeJsonPartsAreMalformed() {
        assertThat(reason(null)).hasValue("MALFORMED");
        assertThat(reason("only.two")).hasValue("MALFORMED");
        assertThat(reason("bm90.anNvbg.AAAA")).hasValue("MALFORMED");
    }

    private Optional<String> reason(String token) {
        return check.check(token, configuration, null, NOW);
    }

    private static String token(String header) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        return url.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(CLAIMS.getBytes(StandardCharsets.UTF_8));
    }
}
