package io.scephub.sandbox;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A small SCEP client (RFC 8894) for simulated devices in tests and the demo: GetCACaps,
 * GetCACert, then a PKCSReq (RSA key, AES-128 envelope to the CA, signed with a self-signed
 * certificate) by POST when the server offers POSTPKIOperation, else GET; it checks the CertRep's
 * signature against the CA and its nonces, and decrypts the issued certificate.
 */
public final class ScepClient {

    private static final Provider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int ATTEMPTS = 5;

    private final HttpClient http;
    private final boolean alwaysGet;

    public ScepClient() {
        this(HttpClient.newBuilder().connectTimeout(TIMEOUT).build(), false);
    }

    private ScepClient(HttpClient http, boolean alwaysGet) {
        this.http = http;
        this.alwaysGet = alwaysGet;
    }

    /** A client that sends PKIOperation by GET (base64 in {@code message}) even when POST is offered. */
    public ScepClient usingGet() {
        return new ScepClient(http, true);
    }

    /** What PKIOperation answered: SUCCESS with the certificate, or FAILURE with its failInfo (RFC 8894 names). */
    public record Outcome(String pkiStatus, Optional<String> failInfo, Optional<X509Certificate> certificate) {
        public boolean issued() {
            return certificate.isPresent();
        }
    }

    /** A protocol or transport problem: not a FAILURE CertRep, which is an {@link Outcome}. */
    public static final class ScepClientException extends RuntimeException {
        public ScepClientException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A fresh RSA-2048 key pair: SCEP envelopes the answer to the requester's key, so it must be an encryption key. */
    public static KeyPair newDeviceKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate RSA keys", e);
        }
    }

    /** The capabilities GetCACaps lists. */
    public List<String> caps(String scepUrl) {
        String body = new String(get(scepUrl, "GetCACaps", null).body(), java.nio.charset.StandardCharsets.UTF_8);
        return Arrays.stream(body.split("\\R")).map(String::trim).filter(line -> !line.isEmpty()).toList();
    }

    /** The certificates GetCACert returns, in the order sent. */
    public List<X509Certificate> caCertificates(String scepUrl) {
        HttpResponse<byte[]> response = get(scepUrl, "GetCACert", null);
        String type = response.headers().firstValue("Content-Type").orElse("");
        try {
            if (type.startsWith("application/x-x509-ca-cert")) {
                return List.of(convert(new X509CertificateHolder(response.body())));
            }
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> holders = new CMSSignedData(response.body()).getCertificates().getMatches(null);
            List<X509Certificate> certificates = new ArrayList<>();
            for (X509CertificateHolder holder : holders) {
                certificates.add(convert(holder));
            }
            return certificates;
        } catch (IOException | CMSException e) {
            throw new ScepClientException("GetCACert answered " + type + " that does not parse", e);
        }
    }

    /** Enrols {@code subjectDn} with {@code challenge} and a new key. */
    public Outcome enrol(String scepUrl, String subjectDn, String challenge) {
        return enrol(scepUrl, subjectDn, challenge, newDeviceKey());
    }

    /** Enrols {@code subjectDn} with {@code challenge} and the given RSA key. */
    public Outcome enrol(String scepUrl, String subjectDn, String challenge, KeyPair key) {
        boolean post = !alwaysGet && caps(scepUrl).stream().anyMatch(cap -> cap.equalsIgnoreCase("POSTPKIOperation"));
        List<X509Certificate> ca = caCertificates(scepUrl);
        X509Certificate recipient = recipient(ca);
        try {
            byte[] csr = csr(subjectDn, challenge, key).getEncoded();
            X509Certificate self = selfSigned(subjectDn, key);
            CMSEnvelopedDataGenerator envelopes = new CMSEnvelopedDataGenerator();
            envelopes.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(recipient).setProvider(BC));
            byte[] envelope = envelopes.generate(new CMSProcessableByteArray(csr),
                    new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES128_CBC).setProvider(BC).build()).toASN1Structure().getEncoded(ASN1Encoding.DER);
            byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            String transactionId = HexFormat.of().formatHex(Ids.sha256(key.getPublic().getEncoded()));
            ASN1EncodableVector attributes = new ASN1EncodableVector();
            attributes.add(attribute(ScepPkiMessage.TRANSACTION_ID, new DERPrintableString(transactionId)));
            attributes.add(attribute(ScepPkiMessage.MESSAGE_TYPE, new DERPrintableString(ScepPkiMessage.PKCS_REQ)));
            attributes.add(attribute(ScepPkiMessage.SENDER_NONCE, new DEROctetString(nonce)));
            CMSSignedDataGenerator signer = new CMSSignedDataGenerator();
            signer.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().setProvider(BC).build())
                    .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(attributes)))
                    .build(new JcaContentSignerBuilder("SHA256withRSA").setProvider(BC).build(key.getPrivate()), self));
            signer.addCertificates(new JcaCertStore(List.of(self)));
            byte[] request = signer.generate(new CMSProcessableByteArray(envelope), true).toASN1Structure().getEncoded(ASN1Encoding.DER);
            HttpResponse<byte[]> response = post ? post(scepUrl, request)
                    : get(scepUrl, "PKIOperation", java.util.Base64.getEncoder().encodeToString(request));
            return certRep(response.body(), ca, nonce, transactionId, self, key);
        } catch (IOException | CMSException | OperatorCreationException | GeneralSecurityException e) {
            throw new ScepClientException("could not build or read the SCEP messages for " + subjectDn, e);
        }
    }

    private Outcome certRep(byte[] body, List<X509Certificate> ca, byte[] nonce, String transactionId,
                            X509Certificate self, KeyPair key) throws CMSException, IOException, GeneralSecurityException {
        CMSSignedData reply = new CMSSignedData(body);
        SignerInformation signer = reply.getSignerInfos().getSigners().iterator().next();
        X509Certificate signerCert = ca.stream().filter(cert -> signer.getSID().match(holder(cert))).findFirst()
                .orElseThrow(() -> new ScepClientException("the CertRep is not signed by a certificate GetCACert returned", null));
        try {
            if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(signerCert))) {
                throw new ScepClientException("the CertRep's signature does not verify", null);
            }
        } catch (OperatorCreationException e) {
            throw new ScepClientException("the CertRep's signature could not be checked", e);
        }
        AttributeTable attributes = signer.getSignedAttributes();
        if (!Arrays.equals(octets(attributes, ScepPkiMessage.RECIPIENT_NONCE), nonce)
                || !transactionId.equals(text(attributes, ScepPkiMessage.TRANSACTION_ID))) {
            throw new ScepClientException("the CertRep does not answer this request (recipientNonce or transactionID)", null);
        }
        String status = text(attributes, ScepPkiMessage.PKI_STATUS);
        if ("2".equals(status)) {
            return new Outcome("FAILURE", Optional.of(failInfoName(text(attributes, ScepPkiMessage.FAIL_INFO))), Optional.empty());
        }
        if (!"0".equals(status)) {
            return new Outcome(status.equals("3") ? "PENDING" : status, Optional.empty(), Optional.empty());
        }
        CMSEnvelopedData envelope = new CMSEnvelopedData((byte[]) reply.getSignedContent().getContent());
        RecipientInformation recipient = envelope.getRecipientInfos().getRecipients().iterator().next();
        byte[] degenerate = recipient.getContent(new JceKeyTransEnvelopedRecipient(key.getPrivate()).setProvider(BC));
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> issued = new CMSSignedData(degenerate).getCertificates().getMatches(null);
        X509Certificate certificate = convert(issued.iterator().next());
        return new Outcome("SUCCESS", Optional.empty(), Optional.of(certificate));
    }

    /**
     * The certificate to envelope to: the end of the chain GetCACert sent (an RA certificate, or the
     * issuing CA: one that issued none of the others), preferring one that allows key encipherment.
     */
    private static X509Certificate recipient(List<X509Certificate> ca) {
        List<X509Certificate> ends = ca.stream().filter(cert -> ca.stream().noneMatch(other -> other != cert
                && other.getIssuerX500Principal().equals(cert.getSubjectX500Principal()))).toList();
        List<X509Certificate> candidates = ends.isEmpty() ? ca : ends;
        return candidates.stream().filter(cert -> cert.getKeyUsage() != null && cert.getKeyUsage()[2]).findFirst()
                .orElse(candidates.get(0));
    }

    private static PKCS10CertificationRequest csr(String subjectDn, String challenge, KeyPair key) throws OperatorCreationException {
        boolean printable = DERPrintableString.isPrintableString(challenge);
        return new JcaPKCS10CertificationRequestBuilder(new X500Principal(subjectDn), key.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_challengePassword,
                        printable ? new DERPrintableString(challenge) : new DERUTF8String(challenge))
                .build(new JcaContentSignerBuilder("SHA256withRSA").setProvider(BC).build(key.getPrivate()));
    }

    private static X509Certificate selfSigned(String subjectDn, KeyPair key) throws OperatorCreationException, GeneralSecurityException {
        Instant now = Instant.now();
        X500Principal subject = new X500Principal(subjectDn);
        var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, RANDOM).abs().add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject, key.getPublic());
        return new JcaX509CertificateConverter().setProvider(BC)
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").setProvider(BC).build(key.getPrivate())));
    }

    private HttpResponse<byte[]> get(String scepUrl, String operation, String message) {
        String query = "operation=" + operation + (message == null ? ""
                : "&message=" + java.net.URLEncoder.encode(message, java.nio.charset.StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(scepUrl + (scepUrl.contains("?") ? "&" : "?") + query)).GET(), operation);
    }

    private HttpResponse<byte[]> post(String scepUrl, byte[] message) {
        return send(HttpRequest.newBuilder(URI.create(scepUrl + (scepUrl.contains("?") ? "&" : "?") + "operation=PKIOperation"))
                .header("Content-Type", "application/x-pki-message").POST(HttpRequest.BodyPublishers.ofByteArray(message)), "PKIOperation");
    }

    /**
     * Sends {@code request}; a 429 or 503 is tried again (up to {@value #ATTEMPTS} times) after its
     * Retry-After (at most 10 s), as a device's SCEP client would.
     */
    private HttpResponse<byte[]> send(HttpRequest.Builder request, String operation) {
        try {
            HttpRequest built = request.timeout(TIMEOUT).build();
            HttpResponse<byte[]> response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
            for (int attempt = 1; attempt < ATTEMPTS && (response.statusCode() == 429 || response.statusCode() == 503); attempt++) {
                long seconds = response.headers().firstValue("Retry-After").map(ScepClient::seconds).orElse(1L);
                Thread.sleep(Math.min(10, Math.max(0, seconds)) * 1000);
                response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
            }
            if (response.statusCode() != 200) {
                throw new ScepClientException(operation + " answered HTTP " + response.statusCode() + ": "
                        + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8), null);
            }
            return response;
        } catch (IOException e) {
            throw new ScepClientException(operation + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScepClientException(operation + " was interrupted", e);
        }
    }

    private static long seconds(String retryAfter) {
        try {
            return (long) Math.ceil(Double.parseDouble(retryAfter.trim()));
        } catch (NumberFormatException notSeconds) {
            return 1;
        }
    }

    private static String failInfoName(String code) {
        return switch (code == null ? "" : code) {
            case "0" -> "badAlg";
            case "1" -> "badMessageCheck";
            case "2" -> "badRequest";
            case "3" -> "badTime";
            case "4" -> "badCertId";
            default -> "unknown(" + code + ")";
        };
    }

    private static X509CertificateHolder holder(X509Certificate certificate) {
        try {
            return new X509CertificateHolder(certificate.getEncoded());
        } catch (IOException | java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("a certificate does not encode", e);
        }
    }

    private static X509Certificate convert(X509CertificateHolder holder) throws IOException {
        try {
            return new JcaX509CertificateConverter().setProvider(BC).getCertificate(holder);
        } catch (java.security.cert.CertificateException e) {
            throw new IOException("a certificate does not parse", e);
        }
    }

    private static Attribute attribute(ASN1ObjectIdentifier type, ASN1Encodable value) {
        return new Attribute(type, new DERSet(value));
    }

    private static String text(AttributeTable attributes, ASN1ObjectIdentifier type) {
        Attribute attribute = attributes.get(type);
        return attribute != null && attribute.getAttrValues().getObjectAt(0) instanceof ASN1String value ? value.getString() : null;
    }

    private static byte[] octets(AttributeTable attributes, ASN1ObjectIdentifier type) {
        Attribute attribute = attributes.get(type);
        return attribute != null && attribute.getAttrValues().getObjectAt(0) instanceof ASN1OctetString value ? value.getOctets() : null;
    }
}
