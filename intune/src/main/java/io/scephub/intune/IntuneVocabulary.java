package io.scephub.intune;

import io.scephub.core.model.CertificateSpec;
import io.scephub.core.model.ExtendedKeyUsage;
import io.scephub.core.model.KeyUsage;
import io.scephub.core.model.SubjectAlternativeName;
import java.time.Period;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * scephub's certificate vocabulary in Graph's words (graph-beta-intune.json): key sizes, hash
 * algorithms, key usages, validity scales and SAN types. Validation and expansion both use it, so
 * what validates is exactly what can be sent.
 */
final class IntuneVocabulary {

    static final int DEFAULT_KEY_SIZE = 2048;
    static final String DEFAULT_HASH = "sha2";
    static final long DEFAULT_RENEWAL_THRESHOLD = 20;
    static final List<Integer> KEY_SIZES = List.of(1024, 2048, 4096);
    static final String CLIENT_AUTH_OID = ExtendedKeyUsage.CLIENT_AUTH.oid();

    private IntuneVocabulary() {
    }

    /** Graph's {@code keySize} enum value, e.g. {@code size2048}; empty when Intune has no such size. */
    static Optional<String> keySize(int bits) {
        int size = bits == 0 ? DEFAULT_KEY_SIZE : bits;
        return KEY_SIZES.contains(size) ? Optional.of("size" + size) : Optional.empty();
    }

    /**
     * Graph's {@code hashAlgorithms}: {@code sha1} or {@code sha2} (the SHA-2 family; the device
     * picks SHA-256). SHA-384/512 are refused rather than silently downgraded.
     */
    static Optional<String> hashAlgorithm(String configured) {
        if (configured == null || configured.isBlank()) {
            return Optional.of(DEFAULT_HASH);
        }
        String normalized = configured.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").trim();
        return switch (normalized) {
            case "sha1" -> Optional.of("sha1");
            case "sha2", "sha256" -> Optional.of("sha2");
            default -> Optional.empty();
        };
    }

    /** The flag enum {@code keyUsages} as Graph sends it: one comma-joined string, in a stable order. */
    static String keyUsage(Set<KeyUsage> usages) {
        TreeSet<String> names = new TreeSet<>();
        for (KeyUsage usage : usages) {
            names.add(switch (usage) {
                case DIGITAL_SIGNATURE -> "digitalSignature";
                case KEY_ENCIPHERMENT -> "keyEncipherment";
            });
        }
        if (names.isEmpty()) {
            names.add("digitalSignature");
            names.add("keyEncipherment");
        }
        return String.join(",", names);
    }

    /** Normalises a comma-joined flag value read from Graph to the same stable order. */
    static String flags(Iterable<String> values) {
        TreeSet<String> names = new TreeSet<>();
        values.forEach(names::add);
        return String.join(",", names);
    }

    /** Validity as Graph's value + scale; empty when it mixes days with months or years (Intune has one unit). */
    static Optional<Validity> validity(Period period) {
        if (period == null || period.isZero()) {
            return Optional.of(new Validity(1, "years"));
        }
        if (period.isNegative()) {
            return Optional.empty();
        }
        if (period.getDays() == 0 && period.getMonths() == 0) {
            return Optional.of(new Validity(period.getYears(), "years"));
        }
        if (period.getDays() == 0) {
            return Optional.of(new Validity(period.toTotalMonths(), "months"));
        }
        if (period.getYears() == 0 && period.getMonths() == 0) {
            return Optional.of(new Validity(period.getDays(), "days"));
        }
        return Optional.empty();
    }

    static long renewalThreshold(CertificateSpec certificate) {
        return certificate.renewalThresholdPercent() == 0 ? DEFAULT_RENEWAL_THRESHOLD : certificate.renewalThresholdPercent();
    }

    /** Graph's {@code subjectAlternativeNameType} value for a SAN kind. */
    static String sanType(SubjectAlternativeName.Type type) {
        return switch (type) {
            case DNS -> "domainNameService";
            case EMAIL -> "emailAddress";
            case UPN -> "userPrincipalName";
            case URI -> "universalResourceIdentifier";
        };
    }

    /** The configured EKUs, or TLS client authentication alone when none are configured. */
    static List<ExtendedKeyUsage> extendedKeyUsages(CertificateSpec certificate) {
        return certificate.extendedKeyUsages().isEmpty() ? List.of(ExtendedKeyUsage.CLIENT_AUTH) : certificate.extendedKeyUsages();
    }

    /** A validity period in Intune's terms. */
    record Validity(long value, String scale) {
    }
}
