package io.scephub.core.challenge;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scephub.fixtures.TestPki;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChallengeTrustTest {

    final KeyPair ecKey = TestPki.ecKey();

    @Test
    void signerWithNeitherAnchorsNorKeysIsRefused() {
        ChallengeSigner empty = ChallengeSigner.forKeys("iss", "aud", Set.of(JwsAlgorithm.ES256), Map.of());
        assertThatThrownBy(() -> ChallengeTrust.of(List.of(empty)))
                .hasMessageContaining("delegatedChallenge.signers[0]")
                .hasMessageContaining("trustAnchors");
    }

    @Test
    void keyThatFitsNoAllowedAlgorithmIsRefused() {
        ChallengeSigner mismatch = ChallengeSigner.forKeys("iss", "aud", Set.of(JwsAlgorithm.RS256), Map.of("k1", ecKey.getPublic()));
        assertThatThrownBy(() -> ChallengeTrust.of(List.of(mismatch)))
                .hasMessageContaining("delegatedChallenge.signers[0].keys.k1")
                .hasMessageContaining("EC key");
    }

    @Test
    void sameIssuerAndAudienceTwiceIsRefused() {
        ChallengeSigner a = ChallengeSigner.forKeys("iss", "aud", Set.of(JwsAlgorithm.ES256), Map.of("k1", ecKey.getPublic()));
        ChallengeSigner b = ChallengeSigner.forKeys("iss", "aud", Set.of(JwsAlgorithm.ES256), Map.of("k2", ecKey.getPublic()));
        assertThatThrownBy(() -> ChallengeTrust.of(List.of(a, b))).hasMessageContaining("configured twice");
    }

    @Test
    void oneKidForTwoDifferentKeysIsRefused() {
        ChallengeSigner a = ChallengeSigner.forKeys("iss", "aud-a", Set.of(JwsAlgorithm.ES256), Map.of("k1", ecKey.getPublic()));
        ChallengeSigner b = ChallengeSigner.forKeys("iss", "aud-b", Set.of(JwsAlgorithm.ES256), Map.of("k1", TestPki.ecKey().getPublic()));
        assertThatThrownBy(() -> ChallengeTrust.of(List.of(a, b))).hasMessageContaining("signers[1].keys.k1");
    }

    @Test
    void malformedSignerEkuIsRefused() {
        ChallengeSigner signer = ChallengeSigner.forKeys("iss", "aud", Set.of(JwsAlgorithm.ES256), Map.of("k1", ecKey.getPublic()))
                .withRequiredSignerEku("codeSigning");
        assertThatThrownBy(() -> ChallengeTrust.of(List.of(signer))).hasMessageContaining("requiredSignerEku");
    }

    @Test
    void zeroLifetimeIsRefused() {
        assertThatThrownBy(() -> new ChallengeTrust(Duration.ZERO, Duration.ofSeconds(60), List.of()))
                .hasMessageContaining("maxLifetime");
    }
}
