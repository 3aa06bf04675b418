package io.scephub.core.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import io.scephub.core.model.Platform;
import io.scephub.core.testing.MutableClock;
import io.scephub.fixtures.TestPki;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

/**
 * 1,000 seeded mutations of a valid token (bit flips, cuts, swapped and forged segments, hostile
 * JSON, random bytes): the verifier answers each with a decision, never an exception, and only
 * the untouched token is accepted.
 */
class ChallengeTokenFuzzTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final String ISSUER = "intune:5f1c-tenant";
    private static final String AUDIENCE = "okta-scep:windows-delegated";
    private static final long SEED = 20261201L;

    @Test
    void everyMutatedTokenGetsADecisionAndNoneIsAccepted() {
        TestPki.Issued root = TestPki.root("CN=Fuzz Root", NOW.minus(Duration.ofDays(365)), NOW.plus(Duration.ofDays(3650)));
        KeyPair keys = TestPki.ecKey();
        TestPki.Issued leaf = TestPki.leaf(root, "CN=Fuzz Signer", keys, NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(30)), KeyUsage.digitalSignature, "1.3.6.1.5.5.7.3.3");
        ChallengeTrust trust = ChallengeTrust.of(List.of(ChallengeSigner.forCertificates(ISSUER, AUDIENCE,
                        Set.of(JwsAlgorithm.ES256), List.of(root.certificate()))
                .withRequiredSignerEku("1.3.6.1.5.5.7.3.3").withPlatform(Platform.WINDOWS)));
        MutableClock clock = new MutableClock(NOW);
        String valid = ChallengeTokens.sign(ChallengeTokens.header(JWSAlgorithm.ES256)
                        .x509CertChain(ChallengeTokens.x5c(leaf.certificate())).build(),
                ChallengeTokens.claims(ISSUER, AUDIENCE, NOW).build(), keys.getPrivate());
        Random random = new Random(SEED);

        int rejected = 0;
        for (int i = 0; i < 1_000; i++) {
            String token = mutate(valid, random, i);
            ChallengeVerifier verifier = new ChallengeVerifier(trust, new InMemoryReplayStore(clock), clock);
            ChallengeDecision decision = verifier.verify(token, Optional.empty());
            if (token.equals(valid)) {
                continue;
            }
            assertThat(decision).as("mutation %d (seed %d): %s", i, SEED, abbreviated(token))
                    .isInstanceOfSatisfying(ChallengeRejected.class, r -> {
                        assertThat(r.reason()).isNotNull();
                        if (token.length() >= 20) {
                            assertThat(r.detail()).as("the token is never echoed").doesNotContain(token);
                        }
                    });
            rejected++;
        }
        assertThat(rejected).as("mutations that differ from the valid token").isGreaterThan(950);
    }

    private static String mutate(String token, Random random, int round) {
        String[] parts = token.split("\\.", -1);
        return switch (round % 10) {
            case 0 -> flipChar(token, random);
            case 1 -> token.substring(0, random.nextInt(token.length()));
            case 2 -> parts[0] + "." + parts[1] + "." + b64(randomBytes(random, 64));
            case 3 -> b64(hostileJson(random)) + "." + parts[1] + "." + parts[2];
            case 4 -> parts[0] + "." + b64(hostileJson(random)) + "." + parts[2];
            case 5 -> new String(randomBytes(random, 1 + random.nextInt(300)), StandardCharsets.ISO_8859_1);
            case 6 -> parts[1] + "." + parts[0] + "." + parts[2];
            case 7 -> token + "." + parts[random.nextInt(3)];
            case 8 -> parts[0] + ".." + parts[2];
            default -> token.repeat(1 + random.nextInt(3)).replace('.', random.nextBoolean() ? '!' : '.');
        };
    }

    private static String flipChar(String token, Random random) {
        char[] chars = token.toCharArray();
        int at = random.nextInt(chars.length);
        chars[at] = "ABCxyz019-_.=+/ \u00e9".charAt(random.nextInt(17));
        return new String(chars);
    }

    private static byte[] hostileJson(Random random) {
        String json = switch (random.nextInt(8)) {
            case 0 -> "[".repeat(5_000) + "]".repeat(5_000);
            case 1 -> "{\"alg\":\"ES256\",\"alg\":\"none\"}";
            case 2 -> "{\"alg\":\"none\",\"typ\":\"scep-challenge+jwt\"}";
            case 3 -> "{\"exp\":1" + "0".repeat(400) + "}";
            case 4 -> "{\"alg\":12,\"x5c\":{\"a\":[null]},\"crit\":\"b\"}";
            case 5 -> "\"just a string\"";
            case 6 -> "{\"iss\":\"" + "x".repeat(20_000) + "\"}";
            default -> new String(randomBytes(random, 40), StandardCharsets.ISO_8859_1);
        };
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String abbreviated(String token) {
        return token.length() <= 60 ? token : token.substring(0, 60) + "…(" + token.length() + " chars)";
    }
}
