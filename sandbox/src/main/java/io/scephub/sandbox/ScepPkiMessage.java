package io.scephub.sandbox;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.KeyTransRecipientId;
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

/**
 * SCEP pkiMessages (RFC 8894 section 3) with Bouncy Castle's CMS: reading a request (signed
 * data around enveloped data around a PKCS#10) and writing CertRep answers and the degenerate
 * certificates-only signed data of GetCACert.
 */
final class ScepPkiMessage {

    static final ASN1ObjectIdentifier MESSAGE_TYPE = new ASN1ObjectIdentifier("2.16.840.1.113733.1.9.2");
    static final ASN1ObjectIdentifier PKI_STATUS = new ASN1ObjectIdentifier("2.16.840.1.113733.1.9.3");
    static final ASN1ObjectIdentifier FAIL_INFO = new ASN1ObjectIdentifier("2.16.840.1.113733.1.9.4");
    static final ASN1ObjectIdentifier SENDER_NONCE = new ASN1ObjectIdentifier("2.16.840.1.113733.1.9.5");
    static final ASN1ObjectIdentifier RECIPIENT_NONCE = new ASN1ObjectIdentifier("2.16.840.1.113733.1.9.6");
    static final ASN1ObjectIdentifier TRANSACTION_ID = new ASN1ObjectIdentifier("2.16.840.1.113733.1.9.7");

    /** RFC 8894 section 3.2.1.3 messageType values. */
    static final String CERT_REP = "3";
    static final String PKCS_REQ = "19";

    /** Content-encryption algorithms a request may use: AES (what GetCACaps offers), and DES/3DES older clients send. */
    private static final List<ASN1ObjectIdentifier> ACCEPTED_CIPHERS = List.of(CMSAlgorithm.AES128_CBC,
            CMSAlgorithm.AES192_CBC, CMSAlgorithm.AES256_CBC, CMSAlgorithm.DES_EDE3_CBC,
            new ASN1ObjectIdentifier("1.3.14.3.2.7"));

    // A private instance, not registered with the JVM: the sandbox must not change its host's providers.
    private static final Provider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Why a request cannot be answered with a CertRep at all (HTTP 400). */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    /** Why a request gets a FAILURE CertRep: the RFC 8894 failInfo and the reason in words. */
    static final class Refused extends Exception {
        final String failInfo;

        Refused(String failInfo, String reason) {
            super(reason, null, false, false);
            this.failInfo = failInfo;
        }
    }

    /** The outer, signed layer of a request, read before anything is decrypted. */
    record Request(String transactionId, String messageType, byte[] senderNonce, X509CertificateHolder signer,
                   boolean signatureValid, byte[] envelope) {
    }

    private ScepPkiMessage() {
    }

    static Request read(byte[] der) throws Unreadable {
        CMSSignedData signed;
        try {
            signed = new CMSSignedData(der);
        } catch (CMSException | RuntimeException e) {
            throw new Unreadable("the pkiMessage is not a CMS SignedData");
        }
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        if (signers.size() != 1) {
            throw new Unreadable("the pkiMessage must have exactly one signer, has " + signers.size());
        }
        SignerInformation signer = signers.iterator().next();
        AttributeTable attributes = signer.getSignedAttributes();
        String transactionId = text(attributes, TRANSACTION_ID).orElseThrow(() -> new Unreadable("transactionID attribute missing"));
        String messageType = text(attributes, MESSAGE_TYPE).orElseThrow(() -> new Unreadable("messageType attribute missing"));
        byte[] senderNonce = octets(attributes, SENDER_NONCE).orElseThrow(() -> new Unreadable("senderNonce attribute missing"));
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = signed.getCertificates().getMatches(signer.getSID());
        if (matches.isEmpty()) {
            throw new Unreadable("the pkiMessage does not carry its signer's certificate");
        }
        X509CertificateHolder signerCert = matches.iterator().next();
        boolean valid;
        try {
            valid = signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(signerCert));
        } catch (CMSException | OperatorCreationException | java.security.cert.CertificateException | RuntimeException e) {
            valid = false;
        }
        Object content = signed.getSignedContent() == null ? null : signed.getSignedContent().getContent();
        byte[] envelope = content instanceof byte[] bytes ? bytes : new byte[0];
        return new Request(transactionId, messageType, senderNonce, signerCert, valid, envelope);
    }

    /** Decrypts the request's envelopedData with the CA key it was encrypted to. */
    static byte[] decrypt(byte[] envelope, Pki.Issued recipient) throws Refused {
        CMSEnvelopedData enveloped;
        try {
            enveloped = new CMSEnvelopedData(envelope);
        } catch (CMSException | RuntimeException e) {
            throw new Refused("badMessageCheck", "the signed content is not a CMS EnvelopedData");
        }
        ASN1ObjectIdentifier cipher = enveloped.getContentEncryptionAlgorithm().getAlgorithm();
        if (!ACCEPTED_CIPHERS.contains(cipher)) {
            throw new Refused("badAlg", "content encryption " + cipher + " is not supported (use AES)");
        }
        X509Certificate certificate = recipient.certificate();
        RecipientInformation info = enveloped.getRecipientInfos().get(new KeyTransRecipientId(
                org.bouncycastle.asn1.x500.X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded()),
                certificate.getSerialNumber()));
        if (info == null) {
            throw new Refused("badMessageCheck", "the request is not encrypted to the CA certificate GetCACert returns");
        }
        try {
            return info.getContent(new JceKeyTransEnvelopedRecipient(recipient.keyPair().getPrivate()).setProvider(BC));
        } catch (CMSException | RuntimeException e) {
            throw new Refused("badMessageCheck", "the envelopedData could not be decrypted");
        }
    }

    /** A SUCCESS CertRep: the issued certificate in a degenerate signed data, enveloped (AES-128) to the requester. */
    static byte[] success(Request request, X509Certificate issued, Pki.Issued ca) {
        try {
            byte[] degenerate = degenerate(List.of(issued));
            X509Certificate requester = new JcaX509CertificateConverter().setProvider(BC).getCertificate(request.signer());
            CMSEnvelopedDataGenerator envelopes = new CMSEnvelopedDataGenerator();
            envelopes.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(requester).setProvider(BC));
            byte[] envelope = envelopes.generate(new CMSProcessableByteArray(degenerate),
                    new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES128_CBC).setProvider(BC).build()).toASN1Structure().getEncoded(ASN1Encoding.DER);
            return certRep(request, "0", null, new CMSProcessableByteArray(envelope), ca);
        } catch (CMSException | IOException | java.security.cert.CertificateException e) {
            throw new IllegalStateException("could not build the CertRep", e);
        }
    }

    /** A FAILURE CertRep with its failInfo; it carries no content (RFC 8894 section 3.3.2). */
    static byte[] failure(Request request, String failInfo, Pki.Issued ca) {
        return certRep(request, "2", failInfoCode(failInfo), new CMSAbsentContent(), ca);
    }

    /** Certificates in a degenerate certificates-only signed data (RFC 8894 section 3.4). */
    static byte[] degenerate(List<X509Certificate> certificates) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addCertificates(new JcaCertStore(certificates));
            // DL, not DER: DER would sort the SET of certificates, and GetCACert sends the issuing CA first.
            return generator.generate(new CMSAbsentContent()).toASN1Structure().getEncoded(ASN1Encoding.DL);
        } catch (CMSException | IOException | java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("could not encode the certificates", e);
        }
    }

    private static byte[] certRep(Request request, String pkiStatus, String failInfo, CMSTypedData content, Pki.Issued ca) {
        ASN1EncodableVector attributes = new ASN1EncodableVector();
        attributes.add(attribute(TRANSACTION_ID, new DERPrintableString(request.transactionId())));
        attributes.add(attribute(MESSAGE_TYPE, new DERPrintableString(CERT_REP)));
        attributes.add(attribute(PKI_STATUS, new DERPrintableString(pkiStatus)));
        if (failInfo != null) {
            attributes.add(attribute(FAIL_INFO, new DERPrintableString(failInfo)));
        }
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        attributes.add(attribute(SENDER_NONCE, new DEROctetString(nonce)));
        attributes.add(attribute(RECIPIENT_NONCE, new DEROctetString(request.senderNonce())));
        try {
            PrivateKey key = ca.keyPair().getPrivate();
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(BC).build())
                    .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(attributes)))
                    .build(new JcaContentSignerBuilder(Pki.signatureAlgorithm(key)).setProvider(BC).build(key), ca.certificate()));
            generator.addCertificates(new JcaCertStore(List.of(ca.certificate())));
            // DER throughout: Go's pkcs7 (micromdm's clients) reads only the first chunk of a BER constructed octet string.
            return generator.generate(content, !(content instanceof CMSAbsentContent)).toASN1Structure().getEncoded(ASN1Encoding.DER);
        } catch (CMSException | IOException | OperatorCreationException | java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("could not sign the CertRep", e);
        }
    }

    private static String failInfoCode(String name) {
        return switch (name) {
            case "badAlg" -> "0";
            case "badMessageCheck" -> "1";
            case "badRequest" -> "2";
            case "badTime" -> "3";
            case "badCertId" -> "4";
            default -> throw new IllegalArgumentException("unknown failInfo " + name);
        };
    }

    private static Attribute attribute(ASN1ObjectIdentifier type, ASN1Encodable value) {
        return new Attribute(type, new DERSet(value));
    }

    private static Optional<String> text(AttributeTable attributes, ASN1ObjectIdentifier type) {
        Attribute attribute = attributes == null ? null : attributes.get(type);
        if (attribute == null || attribute.getAttrValues().size() != 1
                || !(attribute.getAttrValues().getObjectAt(0) instanceof ASN1String value)) {
            return Optional.empty();
        }
        return Optional.of(value.getString());
    }

    private static Optional<byte[]> octets(AttributeTable attributes, ASN1ObjectIdentifier type) {
        Attribute attribute = attributes == null ? null : attributes.get(type);
        if (attribute == null || attribute.getAttrValues().size() != 1
                || !(attribute.getAttrValues().getObjectAt(0) instanceof ASN1OctetString value)) {
            return Optional.empty();
        }
        return Optional.of(value.getOctets());
    }
}
