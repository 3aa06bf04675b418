package io.scephub.core.challenge;

import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.scephub.core.challenge.ChallengeRejected.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies delegated SCEP challenges offline, exactly as DELEGATED-CHALLENGE.md prescribes: the
 * checks run in the document's order and the first failure decides the reason. The JWS itself is
 * nimbus-jose-jwt's (split, base64url, header JSON and members, signature verification); what is
 * checked here is the document's stricter rules around it. Thread-safe; build one per trust
 * configuration and share it.
 */
public final class ChallengeVerifier implements ChallengeBackend {

    /** 16 KiB: far above a token with a three-certificate x5c, far below anything that hurts to parse. */
    public static final int MAX_TOKEN_CHARS = 16 * 1024;
    public static final String TOKEN_TYPE = "scep-challenge+jwt";

    /** A configured key and every signer that lists it under the same kid. */
    private record ConfiguredKey(PublicKey key, String fingerprint, List<ChallengeSigner> signers) {}

    /** Who signed: the verifying key, its fingerprint and the signers the token may speak for. */
    private record SignerMatch(PublicKey key, String fingerprint, Optional<String> keyId, List<ChallengeSigner> signers) {}

    /** A token split at its dots; the header stays encoded until a cache miss needs it. */
    private record CompactJws(Base64URL header, Base64URL payload, Base64URL signature, byte[] signingInput) {}

    /**
     * Steps 2 and 3 for one encoded header, reusable until {@code validUntil} (the chain's expiry);
     * {@code verifier} is null when the signer's key does not fit {@code alg} (step 4 says so).
     */
    private record ResolvedHeader(JWSHeader header, JwsAlgorithm alg, SignerMatch signer, JWSVerifier verifier,
                                  Instant validUntil) {}

    private static final int MAX_CACHED_HEADERS = 1024;

    private final ChallengeTrust trust;
    private final ReplayStore replayStore;
    private final Clock clock;
    private final ActiveEnrollments activeEnrollments;
    private final Map<String, ConfiguredKey> keysById;
    private final SignerChains chains;
    private final StrictJson json = new StrictJson();
    // Steps 2-3 depend only on the header bytes, the configuration and (for x5c) the chain's validity
    // window, so a header seen before skips base64, JSON and chain work: one lookup per token.
    private final Map<String, ResolvedHeader> headers = new ConcurrentHashMap<>();

    /** A verifier whose trust configuration is rebuilt from the desired state on every reload. */
    public ChallengeVerifier(ChallengeTrust trust, ReplayStore replayStore, Clock clock) {
        this(trust, replayStore, clock, ActiveEnrollments.allConfigured());
    }

    public ChallengeVerifier(ChallengeTrust trust, ReplayStore replayStore, Clock clock, ActiveEnrollments activeEnrollments) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.replayStore = Objects.requireNonNull(replayStore, "replayStore");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.activeEnrollments = Objects.requireNonNull(activeEnrollments, "activeEnrollments");
        this.keysById = indexKeys(trust.signers());
        this.chains = new SignerChains(trust.signers());
    }

    private static Map<String, ConfiguredKey> indexKeys(List<ChallengeSigner> signers) {
        Map<String, List<ChallengeSigner>> signersById = new HashMap<>();
        Map<String, PublicKey> keyById = new HashMap<>();
        for (ChallengeSigner signer : signers) {
            signer.keys().forEach((kid, key) -> {
                keyById.putIfAbsent(kid, key);
                signersById.computeIfAbsent(kid, k -> new ArrayList<>()).add(signer);
            });
        }
        Map<String, ConfiguredKey> index = new HashMap<>();
        keyById.forEach((kid, key) -> index.put(kid,
                new ConfiguredKey(key, SignerChains.fingerprint(key.getEncoded()), List.copyOf(signersById.get(kid)))));
        return Map.copyOf(index);
    }

    @Override
    public ChallengeDecision verify(String token, Optional<byte[]> csr) {
        Objects.requireNonNull(csr, "csr");
        try {
            return check(token, csr, clock.instant());
        } catch (Rejection rejection) {
            return rejection.toDecision();
        }
    }

    private ChallengeAccepted check(String token, Optional<byte[]> csr, Instant now) throws Rejection {
        CompactJws jws = split(token);                                          // 1. size and shape
        ResolvedHeader resolved = resolveHeader(jws.header(), now);              // 2. header, 3. signer
        JwsAlgorithm alg = resolved.alg();
        SignerMatch signer = resolved.signer();
        checkSignature(resolved, jws);                                           // 4. signature
        ChallengeClaims claims = ChallengeClaims.parse(json.parseObject(jws.payload().decode(), "claims")); // 5. claims
        ChallengeSigner matched = matchIssuerAndAudience(signer.signers(), claims); // 6. iss, aud
        checkTime(claims, now);                                                  //    time
        if (claims.platform().isPresent() && matched.platform().isPresent()
                && claims.platform().get() != matched.platform().get()) {       //    platform
            throw new Rejection(Reason.WRONG_PLATFORM, "scephub_platform does not match the signer's platform "
                    + matched.platform().get().configName());
        }
        Optional<CsrChecks.ParsedCsr> parsedCsr = checkCsrBinding(token, csr, claims, matched); // 7. CSR binding
        if (parsedCsr.isPresent() && claims.csrProfile().isPresent()) {          // 8. profile constraints
            CsrChecks.checkProfile(parsedCsr.get(), claims.csrProfile().get());
        }
        if (matched.enrollment().isPresent() && !activeEnrollments.isActive(matched.enrollment().get())) {
            throw new Rejection(Reason.WRONG_AUDIENCE, "enrollment " + matched.enrollment().get()
                    + " of this signer is no longer in the desired state");
        }
        // 9. Replay, last, so a token rejected for any other reason never burns its jti. The record
        // must outlive the last instant the token is still accepted: exp plus the allowed skew.
        if (!replayStore.markUsed(claims.issuer(), claims.jti(), claims.expiresAt().plus(trust.clockSkew()))) {
            throw new Rejection(Reason.REPLAYED, "this challenge's jti was already used");
        }
        return new ChallengeAccepted(claims.issuer(), matched.audience(), claims.subject(), claims.jti(),
                claims.expiresAt(), signer.fingerprint(), signer.keyId(), alg);
    }

    private ResolvedHeader resolveHeader(Base64URL encoded, Instant now) throws Rejection {
        String encodedHeader = encoded.toString();
        ResolvedHeader cached = headers.get(encodedHeader);
        if (cached != null && !now.isAfter(cached.validUntil())) {
            return cached;
        }
        Map<String, Object> header = headerJson(encoded);
        JwsAlgorithm alg = algorithm(header);
        checkHeaderRules(header);
        ResolvedHeader resolved = resolveSigner(parseHeader(header, encoded), header.containsKey("kid"), alg, now);
        if (headers.size() >= MAX_CACHED_HEADERS) {
            headers.values().removeIf(entry -> now.isAfter(entry.validUntil()));
            if (headers.size() >= MAX_CACHED_HEADERS) {
                headers.clear();
            }
        }
        headers.put(encodedHeader, resolved);
        return resolved;
    }

    private static CompactJws split(String token) throws Rejection {
        if (token == null || token.isEmpty()) {
            throw new Rejection(Reason.MALFORMED, "no token given");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new Rejection(Reason.TOO_LARGE, "token has " + token.length() + " characters, at most "
                    + MAX_TOKEN_CHARS + " are allowed");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                throw new Rejection(Reason.MALFORMED, "token contains a character that is not printable ASCII at index " + i);
            }
        }
        Base64URL[] parts;
        try {
            parts = JOSEObject.split(token);
        } catch (ParseException e) {
            parts = null;
        }
        if (parts == null || parts.length != 3) {
            throw new Rejection(Reason.MALFORMED, "token is not three dot-separated parts (compact JWS)");
        }
        // nimbus decodes any base64url; the document asks for the canonical unpadded form, so a
        // signature has exactly one spelling.
        String[] names = {"header", "payload", "signature"};
        for (int part = 0; part < 3; part++) {
            String encoded = parts[part].toString();
            if (!Base64Url.isCanonical(encoded, 0, encoded.length())) {
                throw new Rejection(Reason.MALFORMED, "JWS " + names[part] + " is not unpadded base64url");
            }
        }
        return new CompactJws(parts[0], parts[1], parts[2],
                token.substring(0, token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII));
    }

    /** The header as a JSON object, read strictly: UTF-8 without a byte order mark, valid JSON, no duplicate members. */
    private Map<String, Object> headerJson(Base64URL encoded) throws Rejection {
        String text = json.utf8(encoded.decode(), "header");
        try {
            return JSONObjectUtils.parse(text);
        } catch (ParseException e) {
            // nimbus refuses invalid JSON, anything but one object, trailing content and duplicate members alike.
            throw new Rejection(Reason.MALFORMED, "JWS header is not one JSON object without duplicate members");
        }
    }

    private static JwsAlgorithm algorithm(Map<String, Object> header) throws Rejection {
        if (!(header.get("alg") instanceof String alg)) {
            throw new Rejection(Reason.MALFORMED, "header alg is missing or not a string");
        }
        return JwsAlgorithm.fromJoseName(alg).orElseThrow(() -> new Rejection(
                Reason.UNSUPPORTED_ALGORITHM, "header alg is not one of ES256, ES384, PS256, RS256, EdDSA"));
    }

    private static void checkHeaderRules(Map<String, Object> header) throws Rejection {
        if (!TOKEN_TYPE.equals(header.get("typ"))) {
            throw new Rejection(Reason.MALFORMED, "header typ must be exactly " + TOKEN_TYPE);
        }
        if (header.containsKey("crit")) {
            throw new Rejection(Reason.MALFORMED, "header crit is present; no JWS extensions are understood");
        }
        for (String keyInToken : List.of("jku", "x5u", "jwk")) {
            if (header.containsKey(keyInToken)) {
                throw new Rejection(Reason.UNTRUSTED_SIGNER, "header " + keyInToken
                        + " is present; keys are never fetched from or trusted in the token");
            }
        }
        if (header.containsKey("x5c") == header.containsKey("kid")) {
            throw new Rejection(Reason.MALFORMED, "header must have exactly one of x5c and kid");
        }
    }

    /** nimbus's typed view of the header; a registered member of the wrong type (kid, x5c, ...) is malformed. */
    private static JWSHeader parseHeader(Map<String, Object> header, Base64URL encoded) throws Rejection {
        try {
            return JWSHeader.parse(header, encoded);
        } catch (ParseException e) {
            throw new Rejection(Reason.MALFORMED, "header has a registered member of the wrong type (RFC 7515 section 4.1)");
        }
    }

    private ResolvedHeader resolveSigner(JWSHeader header, boolean hasKid, JwsAlgorithm alg, Instant now) throws Rejection {
        SignerMatch match;
        Instant validUntil = Instant.MAX;
        if (hasKid) {
            String kid = header.getKeyID();
            if (kid == null || kid.isEmpty()) {
                throw new Rejection(Reason.MALFORMED, "header kid must be a non-empty string");
            }
            ConfiguredKey key = keysById.get(kid);
            if (key == null) {
                throw new Rejection(Reason.UNTRUSTED_SIGNER, "header kid names no configured signer key");
            }
            match = new SignerMatch(key.key(), key.fingerprint(), Optional.of(kid), key.signers());
        } else {
            SignerChains.ValidatedChain chain = chains.validate(x5c(header.getX509CertChain()), now);
            match = new SignerMatch(chain.leafKey(), chain.fingerprint(), Optional.empty(), chain.signers());
            validUntil = chain.validUntil();
        }
        List<ChallengeSigner> allowing = match.signers().stream().filter(s -> s.algorithms().contains(alg)).toList();
        if (allowing.isEmpty()) {
            throw new Rejection(Reason.UNSUPPORTED_ALGORITHM, "header alg " + alg.joseName()
                    + " is not allowed for this signer");
        }
        JWSVerifier verifier = JwsVerifiers.fits(alg, match.key()) ? JwsVerifiers.forKey(alg, match.key()) : null;
        return new ResolvedHeader(header, alg, allowing.size() == match.signers().size() ? match
                : new SignerMatch(match.key(), match.fingerprint(), match.keyId(), allowing), verifier, validUntil);
    }

    private static List<String> x5c(List<Base64> x5c) throws Rejection {
        if (x5c == null || x5c.isEmpty() || x5c.size() > SignerChains.MAX_CHAIN_LENGTH) {
            throw new Rejection(Reason.MALFORMED, "header x5c must be an array of 1 to "
                    + SignerChains.MAX_CHAIN_LENGTH + " base64 certificates");
        }
        return x5c.stream().map(Base64::toString).toList();
    }

    private static void checkSignature(ResolvedHeader resolved, CompactJws jws) throws Rejection {
        JwsAlgorithm alg = resolved.alg();
        if (resolved.verifier() == null) {
            throw new Rejection(Reason.BAD_SIGNATURE, "header alg " + alg.joseName() + " does not fit the signer's "
                    + resolved.signer().key().getAlgorithm() + " key");
        }
        int rawLength = alg.rawEcdsaSignatureLength();
        if (rawLength != 0) {
            int length = jws.signature().decode().length;
            if (length != rawLength) {
                throw new Rejection(Reason.BAD_SIGNATURE, alg.joseName() + " signature must be the " + rawLength
                        + "-byte R||S form, got " + length + " bytes");
            }
        }
        if (!JwsVerifiers.verify(resolved.verifier(), resolved.header(), jws.signingInput(), jws.signature())) {
            throw new Rejection(Reason.BAD_SIGNATURE, "signature does not verify with the signer's key");
        }
    }

    private static ChallengeSigner matchIssuerAndAudience(List<ChallengeSigner> signers, ChallengeClaims claims)
            throws Rejection {
        List<ChallengeSigner> sameIssuer = signers.stream().filter(s -> s.issuer().equals(claims.issuer())).toList();
        if (sameIssuer.isEmpty()) {
            throw new Rejection(Reason.WRONG_ISSUER, "iss is not the issuer configured for this signer ("
                    + signers.stream().map(ChallengeSigner::issuer).distinct().toList() + ")");
        }
        return sameIssuer.stream().filter(s -> claims.audiences().contains(s.audience())).findFirst()
                .orElseThrow(() -> new Rejection(Reason.WRONG_AUDIENCE, "aud does not name this signer's SCEP configuration ("
                        + sameIssuer.stream().map(ChallengeSigner::audience).toList() + ")"));
    }

    private void checkTime(ChallengeClaims claims, Instant now) throws Rejection {
        Duration skew = trust.clockSkew();
        if (!now.isBefore(claims.expiresAt().plus(skew))) {
            throw new Rejection(Reason.EXPIRED, "challenge expired at " + claims.expiresAt() + " (now " + now
                    + ", skew " + skew + ")");
        }
        if (claims.notBefore().isPresent() && now.plus(skew).isBefore(claims.notBefore().get())) {
            throw new Rejection(Reason.NOT_YET_VALID, "challenge is not valid before " + claims.notBefore().get()
                    + " (now " + now + ", skew " + skew + ")");
        }
        if (now.plus(skew).isBefore(claims.issuedAt())) {
            throw new Rejection(Reason.NOT_YET_VALID, "challenge is issued in the future at " + claims.issuedAt()
                    + " (now " + now + ", skew " + skew + ")");
        }
        Duration lifetime = Duration.between(claims.issuedAt(), claims.expiresAt());
        if (lifetime.compareTo(trust.maxLifetime()) > 0) {
            throw new Rejection(Reason.LIFETIME_TOO_LONG, "exp - iat is " + lifetime + ", at most "
                    + trust.maxLifetime() + " is allowed");
        }
    }

    private static Optional<CsrChecks.ParsedCsr> checkCsrBinding(String token, Optional<byte[]> csr,
                                                                 ChallengeClaims claims, ChallengeSigner signer)
            throws Rejection {
        if (csr.isEmpty()) {
            if (signer.requireKeyBinding()) {
                throw new Rejection(Reason.CSR_MISMATCH, "this signer requires key binding but no CSR was given");
            }
            return Optional.empty();
        }
        CsrChecks.ParsedCsr parsed = CsrChecks.parse(csr.get());
        Optional<String> password = CsrChecks.challengePassword(parsed.request());
        if (password.isEmpty()) {
            throw new Rejection(Reason.CSR_MISMATCH, "CSR has no single-valued challengePassword attribute");
        }
        if (!MessageDigest.isEqual(password.get().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            throw new Rejection(Reason.CSR_MISMATCH, "CSR challengePassword is not this challenge");
        }
        if (claims.keyBindingSpkiSha256().isEmpty()) {
            if (signer.requireKeyBinding()) {
                throw new Rejection(Reason.CSR_MISMATCH, "this signer requires key binding but the challenge has no cnf");
            }
        } else if (!MessageDigest.isEqual(claims.keyBindingSpkiSha256().get(), CsrChecks.spkiSha256(parsed.request()))) {
            throw new Rejection(Reason.CSR_MISMATCH, "cnf spki#S256 does not match the CSR's public key");
        }
        if (!CsrChecks.signatureVerifies(parsed)) {
            throw new Rejection(Reason.CSR_INVALID, "CSR signature does not verify with the CSR's own public key");
        }
        return Optional.of(parsed);
    }
}
