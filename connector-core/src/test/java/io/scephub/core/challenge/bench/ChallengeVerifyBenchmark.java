package io.scephub.core.challenge.bench;

import com.nimbusds.jose.JWSAlgorithm;
import io.scephub.core.challenge.ChallengeDecision;
import io.scephub.core.challenge.ChallengeSigner;
import io.scephub.core.challenge.ChallengeTokens;
import io.scephub.core.challenge.ChallengeTrust;
import io.scephub.core.challenge.ChallengeVerifier;
import io.scephub.core.challenge.JwsAlgorithm;
import io.scephub.core.challenge.ReplayStore;
import io.scephub.fixtures.TestPki;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link ChallengeVerifier#verify} against a bare JDK {@link Signature#verify} with the same key and
 * algorithm. The verifier runs warm (chain cached) with a replay store that records nothing, so the
 * same token can be verified on every operation; what is measured is parsing, the cache lookup,
 * claim checks and the signature, i.e. everything but the state store round trip.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ChallengeVerifyBenchmark {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final String ISSUER = "intune:bench-tenant";
    private static final String AUDIENCE = "okta-scep:windows-delegated";

    /** The JOSE name of the algorithm under test. */
    @Param({"ES256", "RS256", "EdDSA"})
    public String alg;

    private ChallengeVerifier verifier;
    private String token;
    private PublicKey signerKey;
    private String jdkAlgorithm;
    private byte[] signingInput;
    private byte[] jdkSignature;

    /** Accepts every id: the benchmark re-verifies one token and measures the verifier, not a store. */
    private static final class NoReplayStore implements ReplayStore {
        @Override
        public boolean markUsed(String issuer, String jti, Instant expiresAt) {
            return true;
        }

        @Override
        public int purgeExpired(Instant now) {
            return 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        JWSAlgorithm joseAlg = JWSAlgorithm.parse(alg);
        KeyPair keys = switch (alg) {
            case "ES256" -> TestPki.ecKey();
            case "RS256" -> TestPki.rsaKey(2048);
            default -> TestPki.ed25519Key();
        };
        jdkAlgorithm = switch (alg) {
            case "ES256" -> "SHA256withECDSA";
            case "RS256" -> "SHA256withRSA";
            default -> "Ed25519";
        };
        TestPki.Issued root = TestPki.root("CN=Bench Root", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365)));
        TestPki.Issued leaf = TestPki.leaf(root, "CN=Bench Signer", keys, NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(30)), org.bouncycastle.asn1.x509.KeyUsage.digitalSignature, "1.3.6.1.5.5.7.3.3");
        ChallengeSigner signer = ChallengeSigner.forCertificates(ISSUER, AUDIENCE,
                        Set.of(JwsAlgorithm.ES256, JwsAlgorithm.RS256, JwsAlgorithm.EDDSA), List.of(root.certificate()))
                .withRequiredSignerEku("1.3.6.1.5.5.7.3.3");
        verifier = new ChallengeVerifier(ChallengeTrust.of(List.of(signer)), new NoReplayStore(),
                Clock.fixed(NOW, ZoneOffset.UTC));
        token = ChallengeTokens.sign(
                ChallengeTokens.header(joseAlg).x509CertChain(ChallengeTokens.x5c(leaf.certificate())).build(),
                ChallengeTokens.claims(ISSUER, AUDIENCE, NOW).build(), keys.getPrivate());
        ChallengeDecision first = verifier.verify(token, Optional.empty());
        if (!first.accepted()) {
            throw new IllegalStateException("benchmark token is not accepted: " + first);
        }

        signerKey = leaf.certificate().getPublicKey();
        signingInput = token.substring(0, token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
        Signature signer0 = Signature.getInstance(jdkAlgorithm);
        signer0.initSign(keys.getPrivate());
        signer0.update(signingInput);
        jdkSignature = signer0.sign();
    }

    /** One JDK Signature per benchmark thread, as a careful caller would keep. */
    @State(Scope.Thread)
    public static class RawSignature {
        Signature signature;

        @Setup(Level.Trial)
        public void setUp(ChallengeVerifyBenchmark benchmark) throws GeneralSecurityException {
            signature = Signature.getInstance(benchmark.jdkAlgorithm);
        }
    }

    @Benchmark
    public ChallengeDecision verifyChallenge() {
        return verifier.verify(token, Optional.empty());
    }

    @Benchmark
    public boolean rawSignatureVerify(RawSignature raw) throws GeneralSecurityException {
        raw.signature.initVerify(signerKey);
        raw.signature.update(signingInput);
        return raw.signature.verify(jdkSignature);
    }
}
