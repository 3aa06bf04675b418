package io.scephub.core.cert;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a certificate file for use with Okta Device Access: container, chain order and
 * signatures, validity, keys, usages and the Okta Device Access extension.
 *
 * <p>Verdict rule (the report's verdict is its worst finding):
 * <ul>
 * <li>FAIL: a certificate expired or not yet valid; a signature that does not verify with its
 *     issuer; an issuer whose basic constraints say it is not a CA; a device (end-entity)
 *     certificate without the extension or with a value other than the INTEGER 1 (a file of CA
 *     certificates only needs no extension); a container Okta refuses (PKCS#7, PKCS#12,
 *     anything not PEM/DER) when the file is meant for upload — see {@link Purpose}; a file
 *     with no certificate.</li>
 * <li>WARN: certificates out of leaf → root order in a PEM file (fixable with a PEM copy); the
 *     OID only as an EKU or policy; the extension marked critical; a refused container not meant
 *     for upload; a private key in the file; expiry within {@value #EXPIRES_SOON_DAYS} days; an
 *     issuer missing from the file; a CA chain not ending in a self-signed root; no Client
 *     Authentication EKU on a device certificate; RSA keys under 2048 bits; several chains.</li>
 * <li>PASS: everything else.</li>
 * </ul>
 */
public final class CertificateInspector {
    /** Warn this many days before a certificate expires: Okta-issued certificates do not renew over SCEP. */
    public static final int EXPIRES_SOON_DAYS = 30;

    public static final String OKTA_UPLOAD_ACCEPTED = "OKTA_UPLOAD_ACCEPTED";
    public static final String UPLOAD_FORMAT_REFUSED = "UPLOAD_FORMAT_REFUSED";
    public static final String UPLOAD_FORMAT_CONVERTED = "UPLOAD_FORMAT_CONVERTED";
    public static final String PEM_COPY_WRITTEN = "PEM_COPY_WRITTEN";
    public static final String UPLOAD_CONTAINS_END_ENTITY = "UPLOAD_CONTAINS_END_ENTITY";
    public static final String NO_CERTIFICATES = "NO_CERTIFICATES";
    public static final String PRIVATE_KEY_PRESENT = "PRIVATE_KEY_PRESENT";
    public static final String CERT_EXPIRED = "CERT_EXPIRED";
    public static final String CERT_NOT_YET_VALID = "CERT_NOT_YET_VALID";
    public static final String CERT_EXPIRES_SOON = "CERT_EXPIRES_SOON";
    public static final String VALIDITY_OK = "VALIDITY_OK";
    public static final String SIGNATURE_INVALID = "SIGNATURE_INVALID";
    public static final String SIGNATURE_UNCHECKABLE = "SIGNATURE_UNCHECKABLE";
    public static final String CHAIN_VERIFIED = "CHAIN_VERIFIED";
    public static final String ISSUER_NOT_IN_FILE = "ISSUER_NOT_IN_FILE";
    public static final String NO_SELF_SIGNED_ROOT = "NO_SELF_SIGNED_ROOT";
    public static final String ISSUER_NOT_CA = "ISSUER_NOT_CA";
    public static final String CHAIN_WRONG_ORDER = "CHAIN_WRONG_ORDER";
    public static final String CHAIN_ORDER_OK = "CHAIN_ORDER_OK";
    public static final String MULTIPLE_CHAINS = "MULTIPLE_CHAINS";
    public static final String ODA_EXTENSION_OK = "ODA_EXTENSION_OK";
    public static final String ODA_EXTENSION_MISSING = "ODA_EXTENSION_MISSING";
    public static final String ODA_EXTENSION_WRONG_VALUE = "ODA_EXTENSION_WRONG_VALUE";
    public static final String ODA_EXTENSION_NOT_INTEGER = "ODA_EXTENSION_NOT_INTEGER";
    public static final String ODA_ONLY_AS_EKU_OR_POLICY = "ODA_ONLY_AS_EKU_OR_POLICY";
    public static final String ODA_EXTENSION_CRITICAL = "ODA_EXTENSION_CRITICAL";
    public static final String CA_ONLY_CHAIN = "CA_ONLY_CHAIN";
    public static final String CLIENT_AUTH_EKU_MISSING = "CLIENT_AUTH_EKU_MISSING";
    public static final String KEY_TOO_SMALL = "KEY_TOO_SMALL";

    private static final Logger log = LoggerFactory.getLogger(CertificateInspector.class);
    private static final long SECONDS_PER_DAY = 86_400;

    private final Clock clock;
    private final Pkcs12PasswordSource passwords;
    private final CertificateFileReader reader;

    public CertificateInspector(Clock clock, Pkcs12PasswordSource passwords) {
        this.clock = clock;
        this.passwords = passwords;
        // A private provider instance: PKCS#12 decryption needs BC algorithms, but registering BC
        // globally would change every other JCA user in the process.
        this.reader = new CertificateFileReader(new BouncyCastleProvider());
    }

    /**
     * Reads and checks one file. {@code source} names it in messages and conversion commands.
     *
     * @throws CertificateFileException when the file is malformed or its PKCS#12 password is
     *     missing or wrong
     */
    public InspectedFile inspect(String source, byte[] content, Purpose purpose) {
        ParsedCertificateFile parsed = reader.read(source, content, passwords);
        List<X509Certificate> certificates = parsed.certificates();
        Instant now = clock.instant();
        Links links = Links.of(certificates);
        List<CertificateDetails> details = new ArrayList<>();
        for (int i = 0; i < certificates.size(); i++) {
            details.add(describe(i, certificates.get(i), links, now));
        }
        boolean caOnly = !details.isEmpty() && details.stream().allMatch(CertificateDetails::certificateAuthority);
        boolean meantForUpload = purpose == Purpose.OKTA_UPLOAD || caOnly;
        ChainAnalysis chain = links.analyse();
        OktaUploadVerdict upload = uploadVerdict(source, parsed);

        List<Finding> findings = new ArrayList<>();
        containerFindings(source, parsed, upload, meantForUpload, details, findings);
        if (!details.isEmpty()) {
            validityFindings(details, findings);
            chainFindings(source, parsed.format(), details, chain, meantForUpload, findings);
            deviceFindings(details, caOnly, findings);
        }
        CertificateReport report = new CertificateReport(source, parsed.format(), parsed.privateKeyPresent(),
                meantForUpload, upload, details, chain, findings);
        log.debug("certificate file checked source={} format={} certificates={} verdict={}",
                source, parsed.format(), details.size(), report.verdict());
        return new InspectedFile(report, certificates);
    }

    private static OktaUploadVerdict uploadVerdict(String source, ParsedCertificateFile parsed) {
        String in = ShellQuote.quote(source);
        return switch (parsed.format()) {
            case PEM_CERTIFICATES -> OktaUploadVerdict.accept("PEM certificates are what Okta takes");
            case DER_CERTIFICATE -> parsed.certificates().size() == 1
                    ? OktaUploadVerdict.accept("a single DER certificate is accepted by Okta")
                    : OktaUploadVerdict.refuse("several DER certificates back to back are not one DER certificate",
                            "scephub cert check " + in + " --to-pem chain.pem");
            case PEM_PKCS7 -> OktaUploadVerdict.refuse("Okta accepts only PEM or DER X.509 certificates, not PKCS#7",
                    "openssl pkcs7 -print_certs -in " + in + " -out chain.pem");
            case DER_PKCS7 -> OktaUploadVerdict.refuse("Okta accepts only PEM or DER X.509 certificates, not PKCS#7",
                    "openssl pkcs7 -inform DER -print_certs -in " + in + " -out chain.pem");
            case PKCS12 -> OktaUploadVerdict.refuse(
                    "Okta accepts only PEM or DER X.509 certificates, not PKCS#12/PFX (and never a private key)",
                    "openssl pkcs12 -in " + in + " -nokeys -out chain.pem");
            case UNKNOWN -> OktaUploadVerdict.refuse(unknownReason(parsed), null);
        };
    }

    private static String unknownReason(ParsedCertificateFile parsed) {
        if (!parsed.otherPemLabels().isEmpty()) {
            return "the file holds PEM " + String.join(", ", new LinkedHashSet<>(parsed.otherPemLabels()))
                    + " but no certificate";
        }
        if (parsed.privateKeyPresent()) {
            return "the file holds a private key but no certificate";
        }
        return "the content is not PEM, DER, PKCS#7 or PKCS#12";
    }

    private static void containerFindings(String source, ParsedCertificateFile parsed, OktaUploadVerdict upload,
            boolean meantForUpload, List<CertificateDetails> details, List<Finding> findings) {
        CertificateFileFormat format = parsed.format();
        if (format == CertificateFileFormat.UNKNOWN) {
            findings.add(Finding.fail(NO_CERTIFICATES, "No certificate found: " + upload.reason(),
                    "Check that this is the certificate file (PEM, DER, PKCS#7 or PKCS#12) and not a key or request"));
            return;
        }
        if (details.isEmpty()) {
            findings.add(Finding.fail(NO_CERTIFICATES, format.displayName() + " container holds no certificate",
                    "Export the file again with its certificates included"));
        }
        if (upload.accepted()) {
            findings.add(Finding.pass(OKTA_UPLOAD_ACCEPTED, "Okta accepts this file: " + upload.reason()));
        } else {
            String nextStep = "Convert it: " + upload.conversionCommand()
                    + " (or: scephub cert check " + ShellQuote.quote(source) + " --to-pem chain.pem, which also orders it leaf first)";
            if (format == CertificateFileFormat.PKCS12) {
                nextStep += "; OpenSSL 3 needs -legacy for old RC2-encrypted files";
            }
            String message = "Okta refuses this " + format.displayName() + " file: " + upload.reason();
            findings.add(meantForUpload
                    ? Finding.fail(UPLOAD_FORMAT_REFUSED, message, nextStep)
                    : Finding.warn(UPLOAD_FORMAT_REFUSED, message + " (only matters if you upload it)", nextStep));
        }
        if (parsed.privateKeyPresent()) {
            findings.add(Finding.warn(PRIVATE_KEY_PRESENT, "The file also holds a private key",
                    "Never upload or share the key; scephub cert check " + ShellQuote.quote(source)
                            + " --to-pem chain.pem writes the certificates only"));
        }
        if (meantForUpload && details.stream().anyMatch(CertificateDetails::endEntity)) {
            findings.add(Finding.warn(UPLOAD_CONTAINS_END_ENTITY,
                    "The file is meant as a CA chain for Okta but holds an end-entity certificate",
                    "Upload only the issuing CA and its issuers up to the root"));
        }
    }

    private static void validityFindings(List<CertificateDetails> details, List<Finding> findings) {
        boolean allValid = true;
        CertificateDetails earliest = details.get(0);
        for (CertificateDetails cert : details) {
            if (cert.expired()) {
                allValid = false;
                findings.add(Finding.fail(CERT_EXPIRED, label(cert) + " expired on " + cert.notAfter()
                        + " (" + (-cert.daysLeft()) + " days ago)",
                        cert.endEntity() ? "Re-enrol the device (redistribute the SCEP profile) to get a new certificate"
                                : "Replace the CA certificate and upload the new chain"));
            } else if (cert.notYetValid()) {
                allValid = false;
                findings.add(Finding.fail(CERT_NOT_YET_VALID, label(cert) + " is not valid before " + cert.notBefore(),
                        "Check the issuing CA's clock and this machine's clock"));
            } else if (cert.daysLeft() < EXPIRES_SOON_DAYS) {
                findings.add(Finding.warn(CERT_EXPIRES_SOON, label(cert) + " expires in " + cert.daysLeft()
                        + " days (" + cert.notAfter() + ")",
                        cert.endEntity() ? "Okta-issued certificates do not renew over SCEP: redistribute the profile before then"
                                : "Plan the CA renewal and upload of the new chain now"));
            }
            if (cert.notAfter().isBefore(earliest.notAfter())) {
                earliest = cert;
            }
        }
        if (allValid) {
            findings.add(Finding.pass(VALIDITY_OK, "All certificates are valid now; the first to expire is "
                    + label(earliest) + " in " + earliest.daysLeft() + " days"));
        }
    }

    private static void chainFindings(String source, CertificateFileFormat format, List<CertificateDetails> details,
            ChainAnalysis chain, boolean meantForUpload, List<Finding> findings) {
        boolean broken = false;
        for (ChainLink link : chain.links()) {
            CertificateDetails cert = details.get(link.certificateIndex());
            switch (link.status()) {
                case SIGNATURE_INVALID -> {
                    broken = true;
                    findings.add(Finding.fail(SIGNATURE_INVALID, "The signature of " + label(cert) + " does not verify with "
                            + label(details.get(link.issuerIndex())) + ", although the issuer name matches",
                            "Use the CA certificate that really issued it (compare key identifiers); the file may mix up CA generations"));
                }
                case SIGNATURE_UNCHECKABLE -> findings.add(Finding.warn(SIGNATURE_UNCHECKABLE,
                        "The signature of " + label(cert) + " uses an algorithm this Java runtime cannot check", "Check it with openssl verify"));
                case ISSUER_NOT_IN_FILE -> {
                    if (meantForUpload) {
                        findings.add(Finding.warn(NO_SELF_SIGNED_ROOT, "The chain ends at " + label(cert)
                                + ", which is not a self-signed root (its issuer " + cert.issuer() + " is not in the file)",
                                "Append the issuer certificates up to the root, leaf first"));
                    } else {
                        findings.add(Finding.warn(ISSUER_NOT_IN_FILE, "The issuer of " + label(cert) + " (" + cert.issuer()
                                + ") is not in the file, so its signature was not checked",
                                "To check it, put the CA chain after it: cat " + ShellQuote.quote(source) + " chain.pem > full.pem"));
                    }
                }
                case SELF_SIGNED_ROOT -> {
                    // A self-signed certificate is its own issuer; whether it may issue is not in question here.
                }
                case SIGNATURE_VALID -> {
                    if (!details.get(link.issuerIndex()).certificateAuthority()) {
                        broken = true;
                        findings.add(Finding.fail(ISSUER_NOT_CA, label(details.get(link.issuerIndex()))
                                + " signed " + label(cert) + " but its basic constraints say it is not a CA",
                                "Issue the CA certificate with basicConstraints CA:TRUE"));
                    } else if (details.get(link.issuerIndex()).basicConstraintsCa() == null
                            && !details.get(link.issuerIndex()).selfSigned()) {
                        findings.add(Finding.warn(ISSUER_NOT_CA, label(details.get(link.issuerIndex()))
                                + " issues certificates but has no basic constraints extension",
                                "Issue the CA certificate with basicConstraints CA:TRUE; many verifiers reject it"));
                    }
                }
            }
        }
        boolean linked = chain.links().stream().anyMatch(l -> l.issuerIndex() != null
                && l.certificateIndex() != l.issuerIndex());
        if (!broken && chain.signaturesVerify() && linked) {
            findings.add(Finding.pass(CHAIN_VERIFIED, "Every signature verifies with the next certificate"
                    + (chain.endsInSelfSignedRoot() ? ", ending in a self-signed root" : "")));
        }
        if (chain.chainCount() > 1) {
            findings.add(Finding.warn(MULTIPLE_CHAINS, "The file holds " + chain.chainCount() + " separate chains",
                    "Okta takes one chain per CA: split the file, one chain each"));
        }
        // Certificates in a PKCS#7 or PKCS#12 container form a SET, so their order there means nothing.
        boolean orderMatters = format == CertificateFileFormat.PEM_CERTIFICATES || format == CertificateFileFormat.DER_CERTIFICATE;
        if (orderMatters && chain.wrongOrder()) {
            findings.add(Finding.warn(CHAIN_WRONG_ORDER, "The certificates are not in leaf → root order: found "
                    + chain.fileOrder() + ", expected " + chain.properOrder() + " (file positions)",
                    "Write an ordered copy: scephub cert check " + ShellQuote.quote(source) + " --to-pem chain.pem"));
        } else if (orderMatters && details.size() > 1) {
            findings.add(Finding.pass(CHAIN_ORDER_OK, "The certificates are in leaf → root order"));
        }
    }

    private static void deviceFindings(List<CertificateDetails> details, boolean caOnly, List<Finding> findings) {
        if (caOnly) {
            findings.add(Finding.pass(CA_ONLY_CHAIN,
                    "Only CA certificates: the Okta Device Access extension is needed on device certificates, not here"));
        }
        for (CertificateDetails cert : details) {
            if (cert.publicKey().algorithm().equals("RSA") && cert.publicKey().bits() < 2048) {
                findings.add(Finding.warn(KEY_TOO_SMALL, label(cert) + " has a " + cert.publicKey().bits() + "-bit RSA key",
                        "Use 2048 bits or more (the SCEP profile's key size)"));
            }
            if (!cert.endEntity()) {
                continue;
            }
            OdaExtension oda = cert.odaExtension();
            switch (oda.status()) {
                case PRESENT_OK -> findings.add(Finding.pass(ODA_EXTENSION_OK,
                        label(cert) + " carries the Okta Device Access extension " + OdaExtension.OID + " = INTEGER 1"));
                case PRESENT_WRONG_VALUE -> findings.add(Finding.fail(ODA_EXTENSION_WRONG_VALUE,
                        label(cert) + " has the Okta Device Access extension with " + oda.detail() + ", Okta expects INTEGER 1",
                        "Fix the CA template: extension " + OdaExtension.OID + " with value ASN1:INTEGER:1"));
                case PRESENT_NOT_INTEGER -> findings.add(Finding.fail(ODA_EXTENSION_NOT_INTEGER,
                        label(cert) + " has the Okta Device Access extension but its value is " + oda.detail()
                                + ", not an INTEGER", "Fix the CA template: extension " + OdaExtension.OID + " with value ASN1:INTEGER:1"));
                case ONLY_AS_EKU_OR_POLICY -> findings.add(Finding.warn(ODA_ONLY_AS_EKU_OR_POLICY,
                        label(cert) + " lists " + OdaExtension.OID + " only " + oda.detail()
                                + ", not as its own extension with INTEGER 1",
                        "Add the extension itself to the CA template (" + OdaExtension.OID
                                + " = ASN1:INTEGER:1); check that Okta accepts these devices"));
                case ABSENT -> findings.add(Finding.fail(ODA_EXTENSION_MISSING,
                        label(cert) + " lacks the Okta Device Access extension " + OdaExtension.OID,
                        "A custom CA must add extension " + OdaExtension.OID
                                + " = INTEGER 1 to device certificates (Okta as CA adds it itself)"));
            }
            if (Boolean.TRUE.equals(oda.critical())) {
                findings.add(Finding.warn(ODA_EXTENSION_CRITICAL, label(cert) + " marks the Okta Device Access extension critical",
                        "Mark it non-critical: verifiers that do not know the OID reject certificates with unknown critical extensions"));
            }
            List<String> ekus = cert.extendedKeyUsages().stream().map(ExtendedKeyUsageEntry::oid).toList();
            if (ekus.isEmpty()) {
                findings.add(Finding.warn(CLIENT_AUTH_EKU_MISSING, label(cert) + " has no extended key usage extension",
                        "Request Client Authentication (" + KnownOids.CLIENT_AUTH + ") in the SCEP profile"));
            } else if (!ekus.contains(KnownOids.CLIENT_AUTH) && !ekus.contains(KnownOids.ANY_EXTENDED_KEY_USAGE)) {
                findings.add(Finding.warn(CLIENT_AUTH_EKU_MISSING, label(cert) + " does not list Client Authentication ("
                        + KnownOids.CLIENT_AUTH + ") among its extended key usages",
                        "Add Client Authentication to the SCEP profile's extended key usages"));
            }
        }
    }

    private static String label(CertificateDetails cert) {
        return "certificate " + cert.index() + " (" + cert.subject() + ")";
    }

    private static CertificateDetails describe(int index, X509Certificate cert, Links links, Instant now) {
        Instant notBefore = cert.getNotBefore().toInstant();
        Instant notAfter = cert.getNotAfter().toInstant();
        long daysLeft = Math.floorDiv(notAfter.getEpochSecond() - now.getEpochSecond(), SECONDS_PER_DAY);
        int pathLength = cert.getBasicConstraints();
        Boolean basicConstraintsCa = cert.getExtensionValue("2.5.29.19") == null ? null : pathLength >= 0;
        List<ExtendedKeyUsageEntry> ekus = extendedKeyUsages(cert);
        OdaExtension oda = odaExtension(cert, ekus);
        List<String> keyUsage = keyUsage(cert);
        boolean certificateAuthority = basicConstraintsCa != null ? basicConstraintsCa : links.issuesAnother(index);
        // `openssl req -x509` marks every certificate CA:TRUE, test devices included; a "CA" that
        // issues nothing here, cannot sign certificates and looks like a device is checked as one.
        if (certificateAuthority && !links.issuesAnother(index) && !keyUsage.contains("keyCertSign")
                && (oda.status() != OdaExtensionStatus.ABSENT || ekus.stream().anyMatch(e -> e.oid().equals(KnownOids.CLIENT_AUTH)))) {
            certificateAuthority = false;
        }
        return new CertificateDetails(index,
                cert.getSubjectX500Principal().getName(X500Principal.RFC2253),
                cert.getIssuerX500Principal().getName(X500Principal.RFC2253),
                cert.getSerialNumber().toString(16),
                sha256(cert),
                notBefore, notAfter, daysLeft,
                now.isAfter(notAfter), now.isBefore(notBefore),
                publicKey(cert.getPublicKey()),
                keyUsage, ekus,
                basicConstraintsCa,
                pathLength >= 0 && pathLength != Integer.MAX_VALUE ? pathLength : null,
                certificateAuthority,
                links.selfSigned(index),
                oda);
    }

    private static OdaExtension odaExtension(X509Certificate cert, List<ExtendedKeyUsageEntry> ekus) {
        byte[] wrapped = cert.getExtensionValue(OdaExtension.OID);
        if (wrapped != null) {
            boolean critical = cert.getCriticalExtensionOIDs() != null && cert.getCriticalExtensionOIDs().contains(OdaExtension.OID);
            try {
                ASN1Primitive value = ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(wrapped).getOctets());
                if (value instanceof ASN1Integer integer) {
                    BigInteger number = integer.getValue();
                    return number.equals(BigInteger.ONE)
                            ? new OdaExtension(OdaExtensionStatus.PRESENT_OK, critical, "INTEGER 1")
                            : new OdaExtension(OdaExtensionStatus.PRESENT_WRONG_VALUE, critical, "INTEGER " + number);
                }
                return new OdaExtension(OdaExtensionStatus.PRESENT_NOT_INTEGER, critical, asn1TypeName(value));
            } catch (IOException | IllegalArgumentException e) {
                return new OdaExtension(OdaExtensionStatus.PRESENT_NOT_INTEGER, critical, "not DER-encoded ASN.1");
            }
        }
        List<String> places = new ArrayList<>();
        if (ekus.stream().anyMatch(e -> e.oid().equals(OdaExtension.OID))) {
            places.add("as an extended key usage");
        }
        if (policyOids(cert, KnownOids.MS_APPLICATION_POLICIES).contains(OdaExtension.OID)) {
            places.add("as an application policy");
        }
        if (policyOids(cert, KnownOids.CERTIFICATE_POLICIES).contains(OdaExtension.OID)) {
            places.add("as a certificate policy");
        }
        return places.isEmpty()
                ? new OdaExtension(OdaExtensionStatus.ABSENT, null, "not present")
                : new OdaExtension(OdaExtensionStatus.ONLY_AS_EKU_OR_POLICY, null, String.join(" and ", places));
    }

    private static String asn1TypeName(ASN1Primitive value) {
        String name = value.getClass().getSimpleName();
        // BC's classes are named DERUTF8String, DLSequence, ASN1Boolean...: keep the ASN.1 type part.
        return name.replaceFirst("^(ASN1|DER|DL|BER)", "") + " " + value;
    }

    private static Set<String> policyOids(X509Certificate cert, String extensionOid) {
        byte[] wrapped = cert.getExtensionValue(extensionOid);
        if (wrapped == null) {
            return Set.of();
        }
        try {
            ASN1Sequence policies = ASN1Sequence.getInstance(ASN1OctetString.getInstance(wrapped).getOctets());
            Set<String> oids = new LinkedHashSet<>();
            for (var element : policies) {
                oids.add(PolicyInformation.getInstance(element).getPolicyIdentifier().getId());
            }
            return oids;
        } catch (IllegalArgumentException e) {
            return Set.of();
        }
    }

    private static List<ExtendedKeyUsageEntry> extendedKeyUsages(X509Certificate cert) {
        try {
            List<String> oids = cert.getExtendedKeyUsage();
            return oids == null ? List.of() : oids.stream().map(KnownOids::eku).toList();
        } catch (CertificateParsingException e) {
            return List.of(new ExtendedKeyUsageEntry("unparseable", "extended key usage extension is malformed"));
        }
    }

    private static List<String> keyUsage(X509Certificate cert) {
        boolean[] bits = cert.getKeyUsage();
        List<String> names = new ArrayList<>();
        if (bits != null) {
            for (int i = 0; i < bits.length && i < KnownOids.KEY_USAGE_NAMES.length; i++) {
                if (bits[i]) {
                    names.add(KnownOids.KEY_USAGE_NAMES[i]);
                }
            }
        }
        return names;
    }

    private static PublicKeyDescription publicKey(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return new PublicKeyDescription("RSA", rsa.getModulus().bitLength(), null);
        }
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            String curve = null;
            try {
                var parameters = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getAlgorithm().getParameters();
                if (parameters instanceof ASN1ObjectIdentifier oid) {
                    curve = KnownOids.curveName(oid.getId());
                    if (curve == null) {
                        curve = oid.getId();
                    }
                }
            } catch (IllegalArgumentException e) {
                curve = null;
            }
            return new PublicKeyDescription("EC", bits, curve);
        }
        return new PublicKeyDescription(key.getAlgorithm(), 0, null);
    }

    private static String sha256(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint " + cert.getSubjectX500Principal(), e);
        }
    }

    /** Who issued whom among a file's certificates, and whether the signatures hold. */
    private record Links(List<X509Certificate> certificates, Integer[] issuerOf, Boolean[] signatureOk, boolean[] selfSigned) {
        static Links of(List<X509Certificate> certificates) {
            int n = certificates.size();
            Integer[] issuerOf = new Integer[n];
            Boolean[] signatureOk = new Boolean[n];
            boolean[] selfSigned = new boolean[n];
            for (int i = 0; i < n; i++) {
                X509Certificate cert = certificates.get(i);
                if (cert.getIssuerX500Principal().equals(cert.getSubjectX500Principal())
                        && Boolean.TRUE.equals(verifies(cert, cert.getPublicKey()))) {
                    selfSigned[i] = true;
                    issuerOf[i] = i;
                    signatureOk[i] = true;
                    continue;
                }
                Integer nameMatch = null;
                for (int j = 0; j < n && issuerOf[i] == null; j++) {
                    X509Certificate candidate = certificates.get(j);
                    if (j == i || !candidate.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                        continue;
                    }
                    Boolean ok = verifies(cert, candidate.getPublicKey());
                    if (ok == null || ok) {
                        issuerOf[i] = j;
                        signatureOk[i] = ok;
                    } else if (nameMatch == null) {
                        nameMatch = j;
                    }
                }
                if (issuerOf[i] == null && nameMatch != null) {
                    issuerOf[i] = nameMatch;
                    signatureOk[i] = false;
                }
            }
            return new Links(certificates, issuerOf, signatureOk, selfSigned);
        }

        boolean selfSigned(int index) {
            return selfSigned[index];
        }

        boolean issuesAnother(int index) {
            for (int i = 0; i < issuerOf.length; i++) {
                if (i != index && issuerOf[i] != null && issuerOf[i] == index) {
                    return true;
                }
            }
            return false;
        }

        ChainAnalysis analyse() {
            int n = certificates.size();
            List<Integer> fileOrder = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                fileOrder.add(i);
            }
            boolean[] placed = new boolean[n];
            List<Integer> proper = new ArrayList<>();
            int chains = 0;
            boolean allEndInRoot = n > 0;
            // Leaves first (certificates that issue nothing here), then whatever cycles remain.
            List<Integer> starts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (!issuesAnother(i)) {
                    starts.add(i);
                }
            }
            starts.addAll(fileOrder);
            for (int start : starts) {
                if (placed[start]) {
                    continue;
                }
                chains++;
                int current = start;
                while (true) {
                    placed[current] = true;
                    proper.add(current);
                    Integer next = issuerOf[current];
                    if (next == null || next == current) {
                        allEndInRoot &= selfSigned[current];
                        break;
                    }
                    if (placed[next]) {
                        // Joins a chain already listed (two leaves under one CA): that chain holds the rest.
                        chains--;
                        break;
                    }
                    current = next;
                }
            }
            List<ChainLink> links = new ArrayList<>();
            boolean signaturesVerify = true;
            for (int index : proper) {
                ChainLink.LinkStatus status;
                if (selfSigned[index]) {
                    status = ChainLink.LinkStatus.SELF_SIGNED_ROOT;
                } else if (issuerOf[index] == null) {
                    status = ChainLink.LinkStatus.ISSUER_NOT_IN_FILE;
                } else if (signatureOk[index] == null) {
                    status = ChainLink.LinkStatus.SIGNATURE_UNCHECKABLE;
                } else {
                    status = signatureOk[index] ? ChainLink.LinkStatus.SIGNATURE_VALID : ChainLink.LinkStatus.SIGNATURE_INVALID;
                }
                signaturesVerify &= status == ChainLink.LinkStatus.SIGNATURE_VALID || status == ChainLink.LinkStatus.SELF_SIGNED_ROOT;
                links.add(new ChainLink(index, issuerOf[index], status));
            }
            return new ChainAnalysis(fileOrder, proper, !proper.equals(fileOrder), Math.max(chains, n > 0 ? 1 : 0),
                    links, signaturesVerify && n > 0, allEndInRoot);
        }

        /** Null when this runtime cannot check the algorithm. */
        private static Boolean verifies(X509Certificate cert, PublicKey key) {
            try {
                cert.verify(key);
                return true;
            } catch (SignatureException | InvalidKeyException e) {
                return false;
            } catch (NoSuchAlgorithmException | NoSuchProviderException e) {
                return null;
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
    }
}
