package io.scephub.sandbox;

import java.security.PublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * What the sandbox's Intune simulator should put into one delegated SCEP challenge
 * (see docs: DELEGATED-CHALLENGE.md). Build with {@link #builder(String, String)}.
 *
 * @param audience       {@code aud}: the SCEP configuration, e.g. {@code okta-scep:windows-intune}
 * @param subject        {@code sub}: the device id, 1 to 256 characters
 * @param platform       {@code scephub_platform}: {@code macos} or {@code windows}, when present
 * @param lifetime       {@code exp - iat}; 10 minutes unless set
 * @param csrPublicKey   DER SubjectPublicKeyInfo of the CSR's key; when present {@code cnf} binds it
 * @param csrConstraints {@code scephub_csr}: members {@code subject}, {@code san}, {@code keyType},
 *                       {@code minKeySize}, {@code keyUsage}, {@code eku}; empty leaves it out
 * @param useKid         sign with the {@code kid} key instead of the {@code x5c} chain
 * @param defects        deliberate flaws for demos and tests; empty for a good challenge
 */
public record ChallengeRequest(String audience, String subject, Optional<String> platform, Duration lifetime,
                               Optional<byte[]> csrPublicKey, Map<String, Object> csrConstraints, boolean useKid,
                               Set<ChallengeDefect> defects) {

    /** The lifetime when none is set. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(10);
    /** The members {@code scephub_csr} may have. */
    public static final Set<String> CSR_CONSTRAINT_MEMBERS = Set.of("subject", "san", "keyType", "minKeySize",
            "keyUsage", "eku");
    private static final int MAX_SUBJECT_LENGTH = 256;

    public ChallengeRequest {
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(csrPublicKey, "csrPublicKey");
        Objects.requireNonNull(csrConstraints, "csrConstraints");
        Objects.requireNonNull(defects, "defects");
        if (audience.isBlank()) {
            throw new IllegalArgumentException("challenge audience is blank; expected the SCEP configuration, e.g. okta-scep:windows-intune");
        }
        if (subject.isEmpty() || subject.length() > MAX_SUBJECT_LENGTH) {
            throw new IllegalArgumentException("challenge subject has " + subject.length()
                    + " characters; expected a device id of 1 to " + MAX_SUBJECT_LENGTH);
        }
        platform.ifPresent(value -> {
            if (!value.equals("macos") && !value.equals("windows")) {
                throw new IllegalArgumentException("challenge platform '" + value + "' is not one of macos, windows");
            }
        });
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.getNano() != 0) {
            throw new IllegalArgumentException("challenge lifetime " + lifetime + " must be a positive whole number of seconds");
        }
        csrPublicKey = csrPublicKey.map(ChallengeRequest::checkedSpki);
        for (Map.Entry<String, Object> member : csrConstraints.entrySet()) {
            if (!CSR_CONSTRAINT_MEMBERS.contains(member.getKey())) {
                throw new IllegalArgumentException("scephub_csr member '" + member.getKey() + "' is unknown; expected some of "
                        + CSR_CONSTRAINT_MEMBERS.stream().sorted().toList());
            }
            if (member.getValue() == null) {
                throw new IllegalArgumentException("scephub_csr member '" + member.getKey() + "' is null; leave it out instead");
            }
        }
        csrConstraints = Map.copyOf(csrConstraints);
        defects = defects.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(defects));
    }

    /** A request for a good challenge with the defaults: x5c, 10 minutes, no key binding. */
    public static Builder builder(String audience, String subject) {
        return new Builder(audience, subject);
    }

    /** A copy of the key, so the record stays immutable. */
    @Override
    public Optional<byte[]> csrPublicKey() {
        return csrPublicKey.map(byte[]::clone);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChallengeRequest that && audience.equals(that.audience) && subject.equals(that.subject)
                && platform.equals(that.platform) && lifetime.equals(that.lifetime)
                && Arrays.equals(csrPublicKey.orElse(null), that.csrPublicKey.orElse(null))
                && csrConstraints.equals(that.csrConstraints) && useKid == that.useKid && defects.equals(that.defects);
    }

    @Override
    public int hashCode() {
        return Objects.hash(audience, subject, platform, lifetime, Arrays.hashCode(csrPublicKey.orElse(null)),
                csrConstraints, useKid, defects);
    }

    @Override
    public String toString() {
        return "ChallengeRequest[audience=" + audience + ", subject=" + subject + ", platform=" + platform.orElse("none")
                + ", lifetime=" + lifetime + ", csrPublicKey=" + (csrPublicKey.isPresent() ? "present" : "none")
                + ", csrConstraints=" + csrConstraints.keySet() + ", useKid=" + useKid + ", defects=" + defects + "]";
    }

    private static byte[] checkedSpki(byte[] der) {
        byte[] copy = der.clone();
        try {
            SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(copy);
            if (!Arrays.equals(info.getEncoded("DER"), copy)) {
                throw new IllegalArgumentException("trailing or non-DER bytes");
            }
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("csrPublicKey is not a DER SubjectPublicKeyInfo (" + copy.length
                    + " bytes); expected the CSR's public key as PublicKey.getEncoded() returns it", e);
        }
        return copy;
    }

    /** Builds a {@link ChallengeRequest}; every setter is optional. */
    public static final class Builder {
        private final String audience;
        private final String subject;
        private String platform;
        private Duration lifetime = DEFAULT_LIFETIME;
        private byte[] csrPublicKey;
        private final Map<String, Object> csrConstraints = new LinkedHashMap<>();
        private boolean useKid;
        private final Set<ChallengeDefect> defects = EnumSet.noneOf(ChallengeDefect.class);

        private Builder(String audience, String subject) {
            this.audience = audience;
            this.subject = subject;
        }

        /** {@code macos} or {@code windows}. */
        public Builder platform(String value) { this.platform = value; return this; }
        public Builder lifetime(Duration value) { this.lifetime = value; return this; }
        /** DER SubjectPublicKeyInfo of the CSR's key. */
        public Builder csrPublicKey(byte[] spkiDer) { this.csrPublicKey = spkiDer == null ? null : spkiDer.clone(); return this; }
        public Builder csrPublicKey(PublicKey key) { return csrPublicKey(key.getEncoded()); }
        /** One {@code scephub_csr} member, e.g. {@code csrConstraint("keyType", "EC")}. */
        public Builder csrConstraint(String member, Object value) { csrConstraints.put(member, value); return this; }
        public Builder csrConstraints(Map<String, ?> members) { csrConstraints.putAll(members); return this; }
        public Builder useKid(boolean value) { this.useKid = value; return this; }
        public Builder defect(ChallengeDefect value) { defects.add(value); return this; }
        public Builder defects(Collection<ChallengeDefect> values) { defects.addAll(values); return this; }

        public ChallengeRequest build() {
            return new ChallengeRequest(audience, subject, Optional.ofNullable(platform), lifetime,
                    Optional.ofNullable(csrPublicKey), csrConstraints, useKid, defects);
        }
    }
}
