package io.scephub.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox Intune tenant's delegated SCEP challenge signer: a challenge-signing PKI made at
 * start (root CA and an EC P-256 leaf with digitalSignature and the code-signing EKU) plus a
 * separate EC P-256 {@code kid} key, issuing ES256 compact JWS tokens in the format of
 * DELEGATED-CHALLENGE.md. Thread-safe. The tokens it returns are secrets: it never logs them.
 */
public final class ChallengeIssuer {

    /** The EKU on the signer leaf: code signing, as in the specification's configuration example. */
    public static final String SIGNER_EKU = "1.3.6.1.5.5.7.3.3";
    /** The {@code typ} header every challenge carries. */
    public static final String TOKEN_TYPE = "scep-challenge+jwt";
    static final String KID = "sandbox-intune-k1";
    private static final Duration DEFECT_OFFSET = Duration.ofMinutes(10);
    private static final int JTI_RANDOM_BYTES = 24;
    private static final Logger log = LoggerFactory.getLogger(ChallengeIssuer.class);

    private final ObjectMapper json;
    private final Clock clock;
    private final SecureRandom random;
    private final String issuer;
    private final Pki.Issued root;
    private final Pki.Issued leaf;
    private final KeyPair kidKey;
    private final Pki.Issued rogueLeaf;
    private final List<String> x5c;
    private final List<String> rogueX5c;

    ChallengeIssuer(ObjectMapper json, Pki pki, String tenantId, Clock clock, SecureRandom random) {
        this.json = json;
        this.clock = clock;
        this.random = random;
        this.issuer = "intune:" + tenantId;
        Instant notBefore = clock.instant().minus(Duration.ofDays(1));
        this.root = pki.caCertificate("CN=Sandbox Intune challenge root,O=scephub sandbox", null, notBefore,
                Duration.ofDays(3650));
        this.leaf = pki.signerCertificate("CN=Sandbox Intune challenge signer,O=scephub sandbox", root, notBefore,
                Duration.ofDays(365), SIGNER_EKU);
        this.kidKey = pki.ecKeyPair();
        // Same names as the real chain, another root: only a verifier that checks the anchor notices.
        Pki.Issued rogueRoot = pki.caCertificate("CN=Sandbox Intune challenge root,O=scephub sandbox", null, notBefore,
                Duration.ofDays(3650));
        this.rogueLeaf = pki.signerCertificate("CN=Sandbox Intune challenge signer,O=scephub sandbox", rogueRoot,
                notBefore, Duration.ofDays(365), SIGNER_EKU);
        this.x5c = List.of(base64(leaf.certificate()), base64(root.certificate()));
        this.rogueX5c = List.of(base64(rogueLeaf.certificate()), base64(rogueRoot.certificate()));
    }

    /** {@code intune:<tenantId>}: the {@code iss} of every good challenge and the signer's configured issuer. */
    public String issuer() {
        return issuer;
    }

    /** The trust anchor for {@code x5c} challenges, as PEM (configure it as the signer's trust anchor). */
    public String signerRootPem() {
        return Pki.pem(root.certificate());
    }

    /** The signer leaf then the root, as PEM: what {@code x5c} carries. */
    public String signerChainPem() {
        return Pki.pem(leaf.certificate()) + Pki.pem(root.certificate());
    }

    /** The extended key usage OID the signer leaf carries ({@value #SIGNER_EKU}, code signing). */
    public String signerEku() {
        return SIGNER_EKU;
    }

    /** The key id {@code kid} challenges name. */
    public String kid() {
        return KID;
    }

    /** The key {@link #kid()} names, for the sandbox's own SCEP service to check delegated challenges with. */
    java.security.PublicKey kidPublicKey() {
        return kidKey.getPublic();
    }

    /** The signer root's key, which every good {@code x5c} leaf is signed with. */
    java.security.PublicKey rootPublicKey() {
        return root.certificate().getPublicKey();
    }

    /** The public key of {@link #kid()}, as a PEM {@code PUBLIC KEY} (configure it under the signer's keys). */
    public String kidPublicKeyPem() {
        return Pki.publicKeyPem(kidKey.getPublic());
    }

    /** Issues one challenge: a compact ES256 JWS, base64url without padding. It is a secret. */
    public String issue(ChallengeRequest request) {
        Instant now = clock.instant();
        Instant issuedAt = now;
        if (request.defects().contains(ChallengeDefect.EXPIRED)) {
            issuedAt = now.minus(DEFECT_OFFSET).minus(request.lifetime());
        } else if (request.defects().contains(ChallengeDefect.NOT_YET_VALID)) {
            issuedAt = now.plus(DEFECT_OFFSET);
        }
        boolean untrusted = request.defects().contains(ChallengeDefect.UNTRUSTED_SIGNER);

        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType(TOKEN_TYPE));
        PrivateKey signingKey;
        if (request.useKid()) {
            header.keyID(untrusted ? ChallengeDefect.UNKNOWN_KID_VALUE : KID);
            signingKey = kidKey.getPrivate();
        } else {
            header.x509CertChain((untrusted ? rogueX5c : x5c).stream().map(com.nimbusds.jose.util.Base64::new).toList());
            signingKey = (untrusted ? rogueLeaf : leaf).keyPair().getPrivate();
        }

        ObjectNode claims = json.createObjectNode();
        claims.put("iss", request.defects().contains(ChallengeDefect.WRONG_ISSUER) ? ChallengeDefect.WRONG_ISSUER_VALUE : issuer);
        claims.put("aud", request.defects().contains(ChallengeDefect.WRONG_AUDIENCE)
                ? ChallengeDefect.WRONG_AUDIENCE_VALUE : request.audience());
        claims.put("sub", request.subject());
        String jti = newJti();
        claims.put("jti", jti);
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("nbf", issuedAt.getEpochSecond());
        claims.put("exp", issuedAt.plus(request.lifetime()).getEpochSecond());
        request.csrPublicKey().ifPresent(spki -> claims.putObject("cnf").put("spki#S256", Base64URL.encode(Ids.sha256(spki)).toString()));
        request.platform().ifPresent(platform -> claims.put("scephub_platform", platform));
        if (!request.csrConstraints().isEmpty()) {
            claims.set("scephub_csr", csrConstraints(request));
        }

        JWSObject jws = new JWSObject(header.build(), new Payload(bytes(claims)));
        sign(jws, signingKey);
        byte[] signature = jws.getSignature().decode();
        if (request.defects().contains(ChallengeDefect.BAD_SIGNATURE)) {
            signature[0] ^= 0x01;
        }
        log.info("sandbox challenge issued issuer={} audience={} subject={} jti={} signer={} defects={}", claims.get("iss").asText(),
                claims.get("aud").asText(), request.subject(), jti, request.useKid() ? "kid" : "x5c", request.defects());
        return new String(jws.getSigningInput(), StandardCharsets.US_ASCII) + "." + Base64URL.encode(signature);
    }

    private JsonNode csrConstraints(ChallengeRequest request) {
        try {
            return json.valueToTree(request.csrConstraints());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("scephub_csr cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** 24 random bytes: 32 base64url characters, inside the 16-128 the format allows. */
    private String newJti() {
        byte[] bytes = new byte[JTI_RANDOM_BYTES];
        random.nextBytes(bytes);
        return Base64URL.encode(bytes).toString();
    }

    private byte[] bytes(ObjectNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write a challenge part as JSON", e);
        }
    }

    private static void sign(JWSObject jws, PrivateKey key) {
        try {
            jws.sign(new ECDSASigner((ECPrivateKey) key));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a sandbox challenge with " + JWSAlgorithm.ES256, e);
        }
    }

    private static String base64(X509Certificate certificate) {
        try {
            // x5c is standard base64 with padding (RFC 7515 §4.1.6), unlike the token's own parts.
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("could not encode a sandbox signer certificate", e);
        }
    }
}
