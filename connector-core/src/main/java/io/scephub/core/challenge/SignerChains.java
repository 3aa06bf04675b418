package io.scephub.core.challenge;

import io.scephub.core.challenge.ChallengeRejected.Reason;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates {@code x5c} chains against the configured trust anchors and caches each good chain,
 * keyed by its x5c strings, until its earliest {@code notAfter}; in steady state a token then costs
 * one map lookup here instead of a PKIX validation.
 */
final class SignerChains {

    /** A chain that validated: its leaf key, the leaf's fingerprint and the signers it may speak for. */
    record ValidatedChain(PublicKey leafKey, String fingerprint, List<ChallengeSigner> signers, Instant validUntil) {}

    static final int MAX_CHAIN_LENGTH = 10;
    private static final int MAX_CACHED_CHAINS = 1024;
    private static final int DIGITAL_SIGNATURE = 0;

    private final Set<TrustAnchor> anchors;
    private final Map<X509Certificate, List<ChallengeSigner>> signersByAnchor;
    private final Map<List<String>, ValidatedChain> cache = new ConcurrentHashMap<>();

    SignerChains(List<ChallengeSigner> signers) {
        Map<X509Certificate, List<ChallengeSigner>> byAnchor = new HashMap<>();
        for (ChallengeSigner signer : signers) {
            for (X509Certificate anchor : signer.trustAnchors()) {
                byAnchor.computeIfAbsent(anchor, a -> new ArrayList<>()).add(signer);
            }
        }
        Set<TrustAnchor> trustAnchors = new LinkedHashSet<>();
        byAnchor.keySet().forEach(cert -> trustAnchors.add(new TrustAnchor(cert, null)));
        this.anchors = Set.copyOf(trustAnchors);
        Map<X509Certificate, List<ChallengeSigner>> frozen = new HashMap<>();
        byAnchor.forEach((cert, list) -> frozen.put(cert, List.copyOf(list)));
        this.signersByAnchor = Map.copyOf(frozen);
    }

    /** Returns the validated chain for {@code x5c} at {@code now}, from cache when still valid. */
    ValidatedChain validate(List<String> x5c, Instant now) throws Rejection {
        ValidatedChain cached = cache.get(x5c);
        if (cached != null && !now.isAfter(cached.validUntil())) {
            return cached;
        }
        ValidatedChain fresh = validateUncached(x5c, now);
        if (cache.size() >= MAX_CACHED_CHAINS) {
            cache.values().removeIf(chain -> now.isAfter(chain.validUntil()));
            if (cache.size() >= MAX_CACHED_CHAINS) {
                // Many distinct live chains: a flood, not MDM signers; start over rather than grow.
                cache.clear();
            }
        }
        cache.put(List.copyOf(x5c), fresh);
        return fresh;
    }

    private ValidatedChain validateUncached(List<String> x5c, Instant now) throws Rejection {
        if (anchors.isEmpty()) {
            throw new Rejection(Reason.UNTRUSTED_SIGNER, "x5c given but no configured signer has trust anchors");
        }
        List<X509Certificate> chain = parse(x5c);
        PKIXCertPathValidatorResult result;
        try {
            CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
            PKIXParameters parameters = new PKIXParameters(anchors);
            // Offline by design: tokens live minutes and the verifier never fetches anything; a
            // compromised signer is dropped by removing its anchor or key from the configuration.
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            result = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX").validate(path, parameters);
        } catch (CertPathValidatorException e) {
            throw rejectionFor(e);
        } catch (InvalidAlgorithmParameterException | CertificateException | NoSuchAlgorithmException e) {
            throw new Rejection(Reason.SIGNER_CERT_INVALID, "x5c chain cannot be validated: " + e.getClass().getSimpleName());
        }
        X509Certificate leaf = chain.get(0);
        boolean[] keyUsage = leaf.getKeyUsage();
        if (keyUsage != null && (keyUsage.length <= DIGITAL_SIGNATURE || !keyUsage[DIGITAL_SIGNATURE])) {
            throw new Rejection(Reason.SIGNER_CERT_INVALID, "x5c leaf certificate's key usage does not allow digitalSignature");
        }
        List<ChallengeSigner> candidates = new ArrayList<>();
        List<String> missingEkus = new ArrayList<>();
        for (ChallengeSigner signer : signersByAnchor.getOrDefault(result.getTrustAnchor().getTrustedCert(), List.of())) {
            if (signer.requiredSignerEku().isEmpty() || hasEku(leaf, signer.requiredSignerEku().get())) {
                candidates.add(signer);
            } else {
                missingEkus.add(signer.requiredSignerEku().get());
            }
        }
        if (candidates.isEmpty()) {
            throw new Rejection(Reason.SIGNER_CERT_INVALID,
                    "x5c leaf certificate lacks the required signer extended key usage " + missingEkus);
        }
        Instant validUntil = chain.stream().map(c -> c.getNotAfter().toInstant()).min(Instant::compareTo).orElseThrow();
        return new ValidatedChain(leaf.getPublicKey(), fingerprint(leaf), List.copyOf(candidates), validUntil);
    }

    private static List<X509Certificate> parse(List<String> x5c) throws Rejection {
        List<X509Certificate> chain = new ArrayList<>(x5c.size());
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (int i = 0; i < x5c.size(); i++) {
                byte[] der;
                try {
                    // x5c uses standard base64 with padding (RFC 7515 §4.1.6), not base64url.
                    der = Base64.getDecoder().decode(x5c.get(i));
                } catch (IllegalArgumentException e) {
                    throw new Rejection(Reason.MALFORMED, "x5c[" + i + "] is not standard base64");
                }
                try {
                    chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
                } catch (CertificateException | RuntimeException e) {
                    throw new Rejection(Reason.MALFORMED, "x5c[" + i + "] is not a DER X.509 certificate");
                }
            }
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
        return chain;
    }

    private static Rejection rejectionFor(CertPathValidatorException e) {
        String where = e.getIndex() >= 0 ? "x5c[" + e.getIndex() + "]" : "x5c chain";
        CertPathValidatorException.Reason reason = e.getReason();
        // No path to a configured anchor (or a forged link in it) means the signer is unknown;
        // a path that reaches an anchor but breaks a rule means the signer's certificate is bad.
        if (reason == PKIXReason.NO_TRUST_ANCHOR || reason == CertPathValidatorException.BasicReason.INVALID_SIGNATURE) {
            return new Rejection(Reason.UNTRUSTED_SIGNER, where + " does not chain to a configured trust anchor");
        }
        return new Rejection(Reason.SIGNER_CERT_INVALID, where + " failed validation: " + reason);
    }

    private static boolean hasEku(X509Certificate leaf, String oid) {
        try {
            List<String> ekus = leaf.getExtendedKeyUsage();
            return ekus != null && ekus.contains(oid);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    static String fingerprint(byte[] der) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static String fingerprint(X509Certificate cert) throws Rejection {
        try {
            return fingerprint(cert.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new Rejection(Reason.MALFORMED, "x5c[0] cannot be re-encoded");
        }
    }
}
