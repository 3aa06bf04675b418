package io.scephub.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Okta's SCEP service (RFC 8894) in the sandbox, at each SCEP configuration's {@code scepUrl}
 * ({@code /pki/<CA id, 40 upper-case hex>/scep/<rac id>}, the shape of real Okta SCEP URLs):
 * GetCACaps, GetCACert and PKIOperation (PKCSReq, GET or POST), plus the dynamic challenge URL of
 * DYNAMIC configurations. Every PKIOperation's outcome is kept as a {@link ScepDecision}.
 * Called by the Okta simulator under its lock; this object's own state has its own.
 */
public final class ScepServer {

    /** What GetCACaps answers: no {@code Renewal}, since Okta as a CA "doesn't support renewal requests" (Okta help). */
    public static final List<String> CAPABILITIES = List.of("AES", "POSTPKIOperation", "SCEPStandard", "SHA-256");
    /** How long an issued certificate is valid (modelled: Okta publishes no number; its docs say to redistribute before expiry). */
    static final Duration CERTIFICATE_LIFETIME = Duration.ofDays(365);
    private static final Logger log = LoggerFactory.getLogger(ScepServer.class);

    /** Finds a configuration by the CA id in the URL (any case) and the rac id. */
    interface Configurations {
        Optional<ScepConfiguration> find(String caId, String raId);
    }

    private final Configurations configurations;
    private final Pki pki;
    private final DynamicChallenges dynamic;
    private final DelegatedChallengeCheck delegated;
    private final List<ScepDecision> decisions = new ArrayList<>();

    ScepServer(Configurations configurations, Pki pki, Ids ids, ObjectMapper json, ChallengeIssuer intuneSigner) {
        this.configurations = configurations;
        this.pki = pki;
        this.dynamic = new DynamicChallenges(ids);
        this.delegated = new DelegatedChallengeCheck(json, intuneSigner);
    }

    /** Every PKIOperation answered since start or the last reset, oldest first. */
    public synchronized List<ScepDecision> decisions() {
        return List.copyOf(decisions);
    }

    /** How long a dynamic challenge fetched from a challenge URL stays usable. */
    public Duration dynamicChallengeLifetime() {
        return DynamicChallenges.LIFETIME;
    }

    void reset() {
        dynamic.clear();
        delegated.clear();
        synchronized (this) {
            decisions.clear();
        }
    }

    /** True for {@code /pki/{ca}/scep/{rac}[/...]}. */
    static boolean isScepPath(List<String> segments) {
        return segments.size() >= 4 && segments.size() <= 5 && segments.get(0).equals("pki") && segments.get(2).equals("scep");
    }

    /** True for the challenge URL the simulator hands out: {@code .../registrationAuthorities/{rac}/challenge}. */
    static boolean isChallengePath(List<String> segments) {
        return segments.size() == 7 && segments.get(0).equals("api") && segments.get(1).equals("v1")
                && segments.get(2).equals("certificateAuthorities") && segments.get(4).equals("registrationAuthorities")
                && segments.get(6).equals("challenge");
    }

    // ----- the dynamic challenge URL ------------------------------------------------------------

    SimResponse challenge(SimRequest request, Instant now) {
        List<String> s = request.segments();
        Optional<ScepConfiguration> found = configurations.find(s.get(3), s.get(5))
                .filter(c -> c.challengeType().equals("DYNAMIC"));
        if (found.isEmpty()) {
            return SimResponse.text(404, "text/plain", "Not found: no dynamic SCEP configuration " + s.get(5));
        }
        if (!request.method().equals("GET")) {
            return SimResponse.text(405, "text/plain", "Use GET").withHeader("Allow", "GET");
        }
        ScepConfiguration configuration = found.get();
        if (!basicAuthMatches(request.header("Authorization").orElse(""), configuration)) {
            return SimResponse.text(401, "text/plain", "Unauthorized: HTTP Basic with the SCEP configuration's username and password")
                    .withHeader("WWW-Authenticate", "Basic realm=\"Okta SCEP challenge\"");
        }
        if (!configuration.active()) {
            return SimResponse.text(403, "text/plain", "The SCEP configuration is inactive");
        }
        String challenge = dynamic.issue(configuration.raId(), now);
        log.debug("sandbox okta scep dynamic challenge issued ra={}", configuration.raId());
        // The NDES mscep_admin page that Fleet's and Zentral's Okta clients parse.
        return SimResponse.text(200, "text/html", "<HTML><Body><P>The enrollment challenge password is: <B> " + challenge
                + " </B></P><P>This password can be used only once and will expire within 60 minutes.</P></Body></HTML>")
                .withHeader("Cache-Control", "no-store");
    }

    /** Why a pkiMessage that is not a PKCSReq is refused, by RFC 8894 §3.2.1.2's message types. */
    static String unsupportedMessageType(String messageType) {
        return switch (messageType) {
            case "17" -> "RenewalReq (17) is refused: Okta as a CA doesn't support renewal requests (Okta help, "
                    + "oda-ca-scep-*); enrol again with PKCSReq and a new challenge (the MDM redistributes the profile)";
            case "20" -> "CertPoll/GetCertInitial (20) is refused: Okta answers every PKCSReq at once, nothing is pending";
            case "21", "22" -> "GetCert/GetCRL (" + messageType + ") is not offered by Okta's SCEP service";
            default -> "messageType " + messageType + " is not supported: only PKCSReq (19)";
        };
    }

    private static boolean basicAuthMatches(String authorization, ScepConfiguration configuration) {
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(authorization.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] expected = (configuration.username() + ":" + configuration.password()).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, expected);
    }

    // ----- SCEP ---------------------------------------------------------------------------------

    SimResponse scep(SimRequest request, Instant now) {
        List<String> s = request.segments();
        Optional<ScepConfiguration> found = configurations.find(s.get(1), s.get(3));
        if (found.isEmpty()) {
            return SimResponse.text(404, "text/plain", "Not found: no SCEP configuration " + s.get(3) + " under CA " + s.get(1));
        }
        ScepConfiguration configuration = found.get();
        String operation = request.param("operation").orElse("");
        return switch (operation) {
            case "GetCACaps" -> getOnly(request).orElseGet(() ->
                    SimResponse.text(200, "text/plain", String.join("\n", CAPABILITIES) + "\n"));
            case "GetCACert" -> getOnly(request).orElseGet(() -> caCert(configuration));
            case "PKIOperation" -> pkiOperation(request, configuration, now);
            default -> SimResponse.text(400, "text/plain", operation.isEmpty()
                    ? "operation is missing; expected GetCACaps, GetCACert or PKIOperation"
                    : "operation " + operation + " is not supported; expected GetCACaps, GetCACert or PKIOperation");
        };
    }

    private static Optional<SimResponse> getOnly(SimRequest request) {
        return request.method().equals("GET") ? Optional.empty()
                : Optional.of(SimResponse.text(405, "text/plain", "Use GET").withHeader("Allow", "GET"));
    }

    private static SimResponse caCert(ScepConfiguration configuration) {
        List<byte[]> chain = configuration.chainDer();
        if (chain.size() == 1) {
            return SimResponse.bytes(200, "application/x-x509-ca-cert", chain.get(0));
        }
        List<X509Certificate> certificates = chain.stream().map(ScepServer::certificate).toList();
        return SimResponse.bytes(200, "application/x-x509-ca-ra-cert", ScepPkiMessage.degenerate(certificates));
    }

    private SimResponse pkiOperation(SimRequest request, ScepConfiguration configuration, Instant now) {
        byte[] message;
        if (request.method().equals("POST")) {
            message = request.bodyBytes();
        } else if (request.method().equals("GET")) {
            Optional<byte[]> decoded = request.param("message").flatMap(ScepServer::base64);
            if (decoded.isEmpty()) {
                return SimResponse.text(400, "text/plain", "message is missing or not base64");
            }
            message = decoded.get();
        } else {
            return SimResponse.text(405, "text/plain", "Use GET or POST").withHeader("Allow", "GET, POST");
        }
        if (configuration.issuer().isEmpty()) {
            return SimResponse.text(501, "text/plain", "PKIOperation is not implemented for SCEP configuration "
                    + configuration.raId() + ": it uses a custom CA, of which Okta holds no key, so Okta issues nothing "
                    + "here (GetCACaps and GetCACert still answer). Devices enrol with that CA's own SCEP service.");
        }
        Pki.Issued ca = configuration.issuer().get();
        ScepPkiMessage.Request pkiMessage;
        try {
            pkiMessage = ScepPkiMessage.read(message);
        } catch (ScepPkiMessage.Unreadable e) {
            record(now, configuration, "unreadable", Optional.empty(), e.getMessage(), Optional.empty());
            return SimResponse.text(400, "text/plain", "Bad pkiMessage: " + e.getMessage());
        }
        try {
            X509Certificate issued = enrol(pkiMessage, configuration, ca, now);
            String subject = issued.getSubjectX500Principal().getName();
            record(now, configuration, "SUCCESS", Optional.empty(), "issued", Optional.of(subject));
            return SimResponse.bytes(200, "application/x-pki-message", ScepPkiMessage.success(pkiMessage, issued, ca));
        } catch (ScepPkiMessage.Refused e) {
            record(now, configuration, "FAILURE", Optional.of(e.failInfo), e.getMessage(), Optional.empty());
            return SimResponse.bytes(200, "application/x-pki-message", ScepPkiMessage.failure(pkiMessage, e.failInfo, ca));
        }
    }

    private X509Certificate enrol(ScepPkiMessage.Request message, ScepConfiguration configuration, Pki.Issued ca,
                                  Instant now) throws ScepPkiMessage.Refused {
        if (!message.signatureValid()) {
            throw new ScepPkiMessage.Refused("badMessageCheck", "the pkiMessage signature does not verify");
        }
        if (!message.messageType().equals(ScepPkiMessage.PKCS_REQ)) {
            throw new ScepPkiMessage.Refused("badRequest", unsupportedMessageType(message.messageType()));
        }
        if (!message.signer().getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm().equals(PKCSObjectIdentifiers.rsaEncryption)) {
            throw new ScepPkiMessage.Refused("badAlg", "the requester's certificate must hold an RSA key: the CertRep is enveloped to it");
        }
        if (!configuration.active()) {
            throw new ScepPkiMessage.Refused("badRequest", "the SCEP configuration is inactive");
        }
        byte[] csrDer = ScepPkiMessage.decrypt(message.envelope(), ca);
        PKCS10CertificationRequest csr;
        try {
            csr = new PKCS10CertificationRequest(csrDer);
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo()))) {
                throw new ScepPkiMessage.Refused("badMessageCheck", "the CSR's signature does not verify");
            }
        } catch (java.io.IOException | org.bouncycastle.operator.OperatorCreationException
                 | org.bouncycastle.pkcs.PKCSException | RuntimeException e) {
            throw new ScepPkiMessage.Refused("badMessageCheck", "the enveloped content is not a PKCS#10 request");
        }
        checkChallenge(challengePassword(csr), configuration, csr, now);
        return pki.enrolledCertificate(csr.getSubject(), csr.getSubjectPublicKeyInfo(), ca, now.minus(Duration.ofMinutes(5)),
                CERTIFICATE_LIFETIME);
    }

    private void checkChallenge(Optional<String> presented, ScepConfiguration configuration, PKCS10CertificationRequest csr,
                                Instant now) throws ScepPkiMessage.Refused {
        if (presented.isEmpty()) {
            throw new ScepPkiMessage.Refused("badRequest", "no challengePassword in the CSR");
        }
        String challenge = presented.get();
        switch (configuration.challengeType()) {
            case "STATIC" -> {
                if (configuration.staticSecret() == null || !MessageDigest.isEqual(
                        challenge.getBytes(StandardCharsets.UTF_8), configuration.staticSecret().getBytes(StandardCharsets.UTF_8))) {
                    throw new ScepPkiMessage.Refused("badRequest", "wrong challenge");
                }
            }
            case "DYNAMIC" -> {
                switch (dynamic.consume(configuration.raId(), challenge, now)) {
                    case ACCEPTED -> { }
                    case USED -> throw new ScepPkiMessage.Refused("badRequest", "challenge already used");
                    case EXPIRED -> throw new ScepPkiMessage.Refused("badRequest", "challenge expired");
                    case WRONG -> throw new ScepPkiMessage.Refused("badRequest", "wrong challenge");
                }
            }
            case "DELEGATED" -> {
                Optional<String> rejected = delegated.check(challenge, configuration, csr.getSubjectPublicKeyInfo(), now);
                if (rejected.isPresent()) {
                    throw new ScepPkiMessage.Refused("badRequest", rejected.get());
                }
            }
            default -> throw new ScepPkiMessage.Refused("badRequest", "unknown challenge type " + configuration.challengeType());
        }
    }

    private static Optional<String> challengePassword(PKCS10CertificationRequest csr) {
        for (org.bouncycastle.asn1.pkcs.Attribute attribute : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_challengePassword)) {
            for (ASN1Encodable value : attribute.getAttributeValues()) {
                if (value instanceof ASN1String text) {
                    return Optional.of(text.getString());
                }
            }
        }
        return Optional.empty();
    }

    private synchronized void record(Instant now, ScepConfiguration configuration, String status, Optional<String> failInfo,
                                     String reason, Optional<String> subject) {
        decisions.add(new ScepDecision(now, configuration.raId(), configuration.challengeType(), status, failInfo, reason, subject));
        log.info("sandbox okta scep PKIOperation ra={} challengeType={} pkiStatus={} failInfo={} reason=\"{}\"",
                configuration.raId(), configuration.challengeType(), status, failInfo.orElse("-"), reason);
    }

    /** Standard or URL-safe base64; a '+' a client left unescaped arrives as a space. */
    private static Optional<byte[]> base64(String text) {
        String cleaned = text.replace(' ', '+').replace("\n", "").replace("\r", "");
        try {
            return Optional.of(Base64.getDecoder().decode(cleaned));
        } catch (IllegalArgumentException notStandard) {
            try {
                return Optional.of(Base64.getUrlDecoder().decode(cleaned));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    private static X509Certificate certificate(byte[] der) {
        try {
            return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(new X509CertificateHolder(der));
        } catch (java.io.IOException | java.security.cert.CertificateException e) {
            throw new IllegalStateException("a stored CA certificate does not parse", e);
        }
    }
}
