package io.scephub.core.challenge;

import com.fasterxml.jackson.databind.JsonNode;
import io.scephub.core.challenge.ChallengeRejected.Reason;
import io.scephub.core.model.SubjectAlternativeName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.RFC4519Style;

/**
 * The {@code scephub_csr} claim: what the SCEP profile lets the CSR ask for. Every member is
 * optional; an absent member constrains nothing.
 */
record CsrProfile(
        Optional<X500Name> subject,
        Optional<List<SanEntry>> san,
        Optional<String> keyType,
        OptionalInt minKeySize,
        Optional<Set<String>> keyUsage,
        Optional<Set<String>> eku) {

    /** One allowed SAN; values compare exactly except DNS names, which compare case-insensitively. */
    record SanEntry(SubjectAlternativeName.Type type, String value) {
        SanEntry normalised() {
            return type == SubjectAlternativeName.Type.DNS ? new SanEntry(type, value.toLowerCase(Locale.ROOT)) : this;
        }
    }

    /** RFC 5280 §4.2.1.3 key usage names by bit position. */
    static final Map<String, Integer> KEY_USAGE_BITS = Map.of(
            "digitalSignature", 0, "nonRepudiation", 1, "keyEncipherment", 2, "dataEncipherment", 3,
            "keyAgreement", 4, "keyCertSign", 5, "cRLSign", 6, "encipherOnly", 7, "decipherOnly", 8);

    private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");

    static CsrProfile parse(JsonNode node) throws Rejection {
        if (!node.isObject()) {
            throw malformed("scephub_csr must be an object");
        }
        Optional<X500Name> subject = Optional.empty();
        JsonNode subjectNode = node.get("subject");
        if (subjectNode != null) {
            if (!subjectNode.isTextual()) {
                throw malformed("scephub_csr.subject must be a string");
            }
            try {
                subject = Optional.of(new X500Name(RFC4519Style.INSTANCE, subjectNode.textValue()));
            } catch (RuntimeException e) {
                throw malformed("scephub_csr.subject is not an RFC 4514 distinguished name");
            }
        }
        Optional<List<SanEntry>> san = Optional.empty();
        JsonNode sanNode = node.get("san");
        if (sanNode != null) {
            if (!sanNode.isArray()) {
                throw malformed("scephub_csr.san must be an array of {type, value}");
            }
            List<SanEntry> entries = new ArrayList<>();
            for (int i = 0; i < sanNode.size(); i++) {
                JsonNode entry = sanNode.get(i);
                JsonNode type = entry.get("type");
                JsonNode value = entry.get("value");
                if (!entry.isObject() || type == null || !type.isTextual() || value == null || !value.isTextual()) {
                    throw malformed("scephub_csr.san[" + i + "] must be {\"type\": string, \"value\": string}");
                }
                SubjectAlternativeName.Type sanType;
                try {
                    sanType = SubjectAlternativeName.Type.valueOf(type.textValue().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw malformed("scephub_csr.san[" + i + "].type must be one of dns, email, upn, uri");
                }
                entries.add(new SanEntry(sanType, value.textValue()).normalised());
            }
            san = Optional.of(List.copyOf(entries));
        }
        Optional<String> keyType = Optional.empty();
        JsonNode keyTypeNode = node.get("keyType");
        if (keyTypeNode != null) {
            if (!keyTypeNode.isTextual() || !Set.of("RSA", "EC").contains(keyTypeNode.textValue())) {
                throw malformed("scephub_csr.keyType must be \"RSA\" or \"EC\"");
            }
            keyType = Optional.of(keyTypeNode.textValue());
        }
        OptionalInt minKeySize = OptionalInt.empty();
        JsonNode minKeySizeNode = node.get("minKeySize");
        if (minKeySizeNode != null) {
            if (!minKeySizeNode.isIntegralNumber() || !minKeySizeNode.canConvertToInt() || minKeySizeNode.intValue() <= 0) {
                throw malformed("scephub_csr.minKeySize must be a positive integer (bits)");
            }
            minKeySize = OptionalInt.of(minKeySizeNode.intValue());
        }
        Optional<Set<String>> keyUsage = stringSet(node, "keyUsage");
        if (keyUsage.isPresent() && !KEY_USAGE_BITS.keySet().containsAll(keyUsage.get())) {
            throw malformed("scephub_csr.keyUsage entries must be RFC 5280 names such as digitalSignature, keyEncipherment");
        }
        Optional<Set<String>> eku = stringSet(node, "eku");
        if (eku.isPresent() && !eku.get().stream().allMatch(oid -> OID.matcher(oid).matches())) {
            throw malformed("scephub_csr.eku entries must be dotted OIDs such as 1.3.6.1.5.5.7.3.2");
        }
        return new CsrProfile(subject, san, keyType, minKeySize, keyUsage, eku);
    }

    private static Optional<Set<String>> stringSet(JsonNode node, String name) throws Rejection {
        JsonNode array = node.get(name);
        if (array == null) {
            return Optional.empty();
        }
        if (!array.isArray()) {
            throw malformed("scephub_csr." + name + " must be an array of strings");
        }
        Set<String> values = new LinkedHashSet<>();
        for (JsonNode value : array) {
            if (!value.isTextual()) {
                throw malformed("scephub_csr." + name + " must be an array of strings");
            }
            values.add(value.textValue());
        }
        return Optional.of(Set.copyOf(values));
    }

    private static Rejection malformed(String detail) {
        return new Rejection(Reason.MALFORMED, detail);
    }
}
