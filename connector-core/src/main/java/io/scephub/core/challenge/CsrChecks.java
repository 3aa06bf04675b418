package io.scephub.core.challenge;

import io.scephub.core.challenge.ChallengeRejected.Reason;
import io.scephub.core.model.SubjectAlternativeName;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.RFC4519Style;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/** Parses a PKCS#10 request and checks it against a challenge (steps 7 and 8). */
final class CsrChecks {

    static final int MAX_CSR_BYTES = 64 * 1024;
    private static final ASN1ObjectIdentifier UPN = new ASN1ObjectIdentifier("1.3.6.1.4.1.311.20.2.3");
    private static final Set<String> CSR_PEM_TYPES = Set.of("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");

    private CsrChecks() {
    }

    /** A parsed CSR with its public key already converted, since several checks need it. */
    record ParsedCsr(PKCS10CertificationRequest request, PublicKey publicKey) {}

    static ParsedCsr parse(byte[] encoded) throws Rejection {
        if (encoded.length > MAX_CSR_BYTES) {
            throw new Rejection(Reason.CSR_INVALID, "CSR is larger than " + MAX_CSR_BYTES + " bytes");
        }
        try {
            byte[] der = encoded;
            if (startsWithPem(encoded)) {
                PemObject pem;
                try (PemReader reader = new PemReader(new StringReader(new String(encoded, StandardCharsets.US_ASCII)))) {
                    pem = reader.readPemObject();
                }
                if (pem == null || !CSR_PEM_TYPES.contains(pem.getType())) {
                    throw new Rejection(Reason.CSR_INVALID, "CSR PEM must be a CERTIFICATE REQUEST block");
                }
                der = pem.getContent();
            }
            PKCS10CertificationRequest request = new PKCS10CertificationRequest(der);
            PublicKey key = new JcaPEMKeyConverter().getPublicKey(request.getSubjectPublicKeyInfo());
            return new ParsedCsr(request, key);
        } catch (IOException | RuntimeException e) {
            throw new Rejection(Reason.CSR_INVALID, "CSR is not a PEM or DER PKCS#10 request");
        }
    }

    private static boolean startsWithPem(byte[] encoded) {
        String head = new String(encoded, 0, Math.min(encoded.length, 64), StandardCharsets.US_ASCII).stripLeading();
        return head.startsWith("-----BEGIN");
    }

    /** The CSR's challengePassword (RFC 2985 §5.4.1), if it has exactly one string value. */
    static Optional<String> challengePassword(PKCS10CertificationRequest request) {
        Attribute[] attributes = request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_challengePassword);
        if (attributes.length != 1 || attributes[0].getAttrValues().size() != 1) {
            return Optional.empty();
        }
        ASN1Encodable value = attributes[0].getAttrValues().getObjectAt(0);
        return value instanceof ASN1String text ? Optional.of(text.getString()) : Optional.empty();
    }

    static byte[] spkiSha256(PKCS10CertificationRequest request) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(request.getSubjectPublicKeyInfo().getEncoded());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash a parsed SubjectPublicKeyInfo", e);
        }
    }

    static boolean signatureVerifies(ParsedCsr csr) {
        try {
            return csr.request().isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.publicKey()));
        } catch (Exception e) {
            // Unknown signature algorithm, bad encoding, provider refusal: the proof of possession fails.
            return false;
        }
    }

    /** Step 8: the CSR asks for no more than the profile in the token allows. */
    static void checkProfile(ParsedCsr csr, CsrProfile profile) throws Rejection {
        PKCS10CertificationRequest request = csr.request();
        Extensions extensions = requestedExtensions(request);
        if (profile.subject().isPresent()) {
            X500Name requested = X500Name.getInstance(RFC4519Style.INSTANCE, request.getSubject());
            if (!requested.equals(profile.subject().get())) {
                throw new Rejection(Reason.SUBJECT_MISMATCH, "CSR subject differs from the profile's subject");
            }
        }
        if (profile.san().isPresent()) {
            Set<CsrProfile.SanEntry> allowed = new HashSet<>(profile.san().get());
            for (CsrProfile.SanEntry requested : subjectAlternativeNames(extensions)) {
                if (!allowed.contains(requested)) {
                    throw new Rejection(Reason.SAN_MISMATCH, "CSR asks for a " + requested.type()
                            + " subject alternative name the profile does not allow");
                }
            }
        }
        checkKey(csr.publicKey(), profile);
        if (profile.keyUsage().isPresent()) {
            if (!keyUsageNames(extensions).equals(profile.keyUsage().get())) {
                throw new Rejection(Reason.KEY_USAGE_MISMATCH, "CSR key usage must be exactly " + profile.keyUsage().get());
            }
        }
        if (profile.eku().isPresent()) {
            if (!extendedKeyUsages(extensions).equals(profile.eku().get())) {
                throw new Rejection(Reason.EKU_MISMATCH, "CSR extended key usages must be exactly " + profile.eku().get());
            }
        }
    }

    private static void checkKey(PublicKey key, CsrProfile profile) throws Rejection {
        String type;
        int bits;
        if (key instanceof RSAPublicKey rsa) {
            type = "RSA";
            bits = rsa.getModulus().bitLength();
        } else if (key instanceof ECPublicKey ec) {
            type = "EC";
            bits = ec.getParams().getCurve().getField().getFieldSize();
        } else {
            type = key.getAlgorithm();
            bits = 0;
        }
        if (profile.keyType().isPresent() && !profile.keyType().get().equals(type)) {
            throw new Rejection(Reason.KEY_MISMATCH, "CSR key is " + type + ", the profile requires " + profile.keyType().get());
        }
        if (profile.minKeySize().isPresent() && bits < profile.minKeySize().getAsInt()) {
            throw new Rejection(Reason.KEY_MISMATCH, "CSR key has " + bits + " bits, the profile requires at least "
                    + profile.minKeySize().getAsInt());
        }
    }

    private static Extensions requestedExtensions(PKCS10CertificationRequest request) throws Rejection {
        Attribute[] attributes = request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
        if (attributes.length == 0) {
            return new Extensions(new Extension[0]);
        }
        try {
            return Extensions.getInstance(attributes[0].getAttrValues().getObjectAt(0));
        } catch (RuntimeException e) {
            throw new Rejection(Reason.CSR_INVALID, "CSR extensionRequest attribute is not a list of extensions");
        }
    }

    private static List<CsrProfile.SanEntry> subjectAlternativeNames(Extensions extensions) throws Rejection {
        Extension extension = extensions.getExtension(Extension.subjectAlternativeName);
        if (extension == null) {
            return List.of();
        }
        try {
            GeneralName[] names = GeneralNames.getInstance(extension.getParsedValue()).getNames();
            List<CsrProfile.SanEntry> entries = new ArrayList<>(names.length);
            for (GeneralName name : names) {
                entries.add(sanEntry(name));
            }
            return entries;
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new Rejection(Reason.CSR_INVALID, "CSR subjectAltName extension cannot be parsed");
        }
    }

    private static CsrProfile.SanEntry sanEntry(GeneralName name) throws Rejection {
        return switch (name.getTagNo()) {
            case GeneralName.dNSName -> new CsrProfile.SanEntry(SubjectAlternativeName.Type.DNS,
                    ((ASN1String) name.getName()).getString()).normalised();
            case GeneralName.rfc822Name -> new CsrProfile.SanEntry(SubjectAlternativeName.Type.EMAIL,
                    ((ASN1String) name.getName()).getString());
            case GeneralName.uniformResourceIdentifier -> new CsrProfile.SanEntry(SubjectAlternativeName.Type.URI,
                    ((ASN1String) name.getName()).getString());
            case GeneralName.otherName -> upn(ASN1Sequence.getInstance(name.getName()));
            default -> throw new Rejection(Reason.SAN_MISMATCH,
                    "CSR asks for a subject alternative name of a kind the profile cannot allow (tag " + name.getTagNo() + ")");
        };
    }

    private static CsrProfile.SanEntry upn(ASN1Sequence otherName) throws Rejection {
        ASN1ObjectIdentifier typeId = ASN1ObjectIdentifier.getInstance(otherName.getObjectAt(0));
        if (!UPN.equals(typeId)) {
            throw new Rejection(Reason.SAN_MISMATCH, "CSR asks for an otherName SAN that is not a UPN");
        }
        ASN1Encodable value = ASN1TaggedObject.getInstance(otherName.getObjectAt(1)).getExplicitBaseObject();
        if (!(value instanceof ASN1String text)) {
            throw new Rejection(Reason.CSR_INVALID, "CSR UPN SAN is not a string");
        }
        return new CsrProfile.SanEntry(SubjectAlternativeName.Type.UPN, text.getString());
    }

    private static Set<String> keyUsageNames(Extensions extensions) {
        KeyUsage keyUsage = KeyUsage.fromExtensions(extensions);
        if (keyUsage == null) {
            return Set.of();
        }
        Set<String> names = new HashSet<>();
        for (Map.Entry<String, Integer> bit : CsrProfile.KEY_USAGE_BITS.entrySet()) {
            // KeyUsage constants put bit 0 at 0x80, bit 7 at 0x01 and bit 8 at 0x8000.
            int mask = bit.getValue() < 8 ? 0x80 >> bit.getValue() : 0x8000;
            if (keyUsage.hasUsages(mask)) {
                names.add(bit.getKey());
            }
        }
        return names;
    }

    private static Set<String> extendedKeyUsages(Extensions extensions) {
        ExtendedKeyUsage eku = ExtendedKeyUsage.fromExtensions(extensions);
        if (eku == null) {
            return Set.of();
        }
        Set<String> oids = new HashSet<>();
        for (KeyPurposeId purpose : eku.getUsages()) {
            oids.add(purpose.getId());
        }
        return oids;
    }
}
