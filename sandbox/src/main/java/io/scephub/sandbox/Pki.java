package io.scephub.sandbox;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Keys and certificates made at start with Bouncy Castle, so no key is ever checked in. */
final class Pki {

    /** Okta's Device Access extension, which Okta's CA adds to every certificate it issues. */
    static final ASN1ObjectIdentifier DEVICE_ACCESS_EXTENSION = new ASN1ObjectIdentifier("1.3.6.1.4.1.51150.13.1");

    private final SecureRandom random = new SecureRandom();

    /** A CA key pair and certificate; {@code issuer} null makes it self-signed. */
    record Issued(KeyPair keyPair, X509Certificate certificate) {
    }

    Issued caCertificate(String subjectDn, Issued issuer, Instant notBefore, Duration lifetime) {
        return caCertificate(subjectDn, issuer, notBefore, lifetime, ecKeyPair());
    }

    /**
     * A CA certificate on an RSA key, as a SCEP CA needs: SCEP clients encrypt their request to
     * every certificate GetCACert returns with RSA key transport (RFC 8894 section 3.5.2), so an
     * EC CA could not be enrolled against by them. Its key usage adds digitalSignature and
     * keyEncipherment, which clients that select the recipient by key usage look for.
     */
    Issued rsaCaCertificate(String subjectDn, Issued issuer, Instant notBefore, Duration lifetime) {
        return caCertificate(subjectDn, issuer, notBefore, lifetime, leaseRsaKey());
    }

    private Issued caCertificate(String subjectDn, Issued issuer, Instant notBefore, Duration lifetime, KeyPair keyPair) {
        try {
            X500Principal subject = new X500Principal(subjectDn);
            X500Principal issuerName = issuer == null ? subject : issuer.certificate().getSubjectX500Principal();
            var builder = new JcaX509v3CertificateBuilder(issuerName, new BigInteger(64, random).abs().add(BigInteger.ONE),
                    Date.from(notBefore), Date.from(notBefore.plus(lifetime)), subject, keyPair.getPublic());
            var extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(issuer == null ? 1 : 0));
            boolean rsa = keyPair.getPublic() instanceof java.security.interfaces.RSAPublicKey;
            int usage = KeyUsage.keyCertSign | KeyUsage.cRLSign | (rsa ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : 0);
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
            if (issuer != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        extensions.createAuthorityKeyIdentifier(issuer.certificate()));
                builder.addExtension(new Extension(DEVICE_ACCESS_EXTENSION, false, new ASN1Integer(1).getEncoded()));
            }
            var signingKey = issuer == null ? keyPair.getPrivate() : issuer.keyPair().getPrivate();
            var signer = new JcaContentSignerBuilder(signatureAlgorithm(signingKey)).build(signingKey);
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new Issued(keyPair, certificate);
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException | IllegalArgumentException e) {
            throw new IllegalStateException("could not generate the sandbox CA certificate " + subjectDn, e);
        }
    }

    /** An EC P-256 key pair; P-256 rather than RSA because RSA keys take seconds on a busy CI machine. */
    KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate EC P-256 keys", e);
        }
    }

    /**
     * An end-entity signing certificate under {@code issuer}: not a CA, key usage digitalSignature
     * only, and the one extended key usage {@code ekuOid}, as a challenge signer's leaf carries.
     */
    Issued signerCertificate(String subjectDn, Issued issuer, Instant notBefore, Duration lifetime, String ekuOid) {
        try {
            KeyPair keyPair = ecKeyPair();
            var builder = new JcaX509v3CertificateBuilder(issuer.certificate().getSubjectX500Principal(),
                    new BigInteger(64, random).abs().add(BigInteger.ONE), Date.from(notBefore),
                    Date.from(notBefore.plus(lifetime)), new X500Principal(subjectDn), keyPair.getPublic());
            var extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.getInstance(new ASN1ObjectIdentifier(ekuOid))));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(issuer.certificate()));
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.keyPair().getPrivate());
            return new Issued(keyPair, new JcaX509CertificateConverter().getCertificate(builder.build(signer)));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException | IllegalArgumentException e) {
            throw new IllegalStateException("could not generate the sandbox signer certificate " + subjectDn, e);
        }
    }

    /** A public key as a PEM {@code PUBLIC KEY} block (DER SubjectPublicKeyInfo). */
    static String publicKeyPem(PublicKey key) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
    }

    /**
     * A device (end-entity) certificate issued by {@code issuer}, with client authentication as its
     * EKU and, when {@code withDeviceAccessExtension}, Okta's Device Access extension (INTEGER 1).
     */
    X509Certificate deviceCertificate(String subjectDn, Issued issuer, Instant notBefore, Duration lifetime,
                                      boolean withDeviceAccessExtension) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"), random);
            KeyPair keyPair = generator.generateKeyPair();
            var builder = new JcaX509v3CertificateBuilder(issuer.certificate().getSubjectX500Principal(),
                    new BigInteger(64, random).abs().add(BigInteger.ONE), Date.from(notBefore), Date.from(notBefore.plus(lifetime)),
                    new X500Principal(subjectDn), keyPair.getPublic());
            var extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(issuer.certificate()));
            if (withDeviceAccessExtension) {
                builder.addExtension(new Extension(DEVICE_ACCESS_EXTENSION, false, new ASN1Integer(1).getEncoded()));
            }
            var signer = new JcaContentSignerBuilder(signatureAlgorithm(issuer.keyPair().getPrivate()))
                    .build(issuer.keyPair().getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException | IllegalArgumentException e) {
            throw new IllegalStateException("could not issue the sandbox device certificate " + subjectDn, e);
        }
    }

    /**
     * The certificate Okta's CA issues to a SCEP request: the CSR's subject and public key, a random
     * serial, key usage digitalSignature (and keyEncipherment for RSA keys), the Client
     * Authentication EKU and Okta's Device Access extension (INTEGER 1, not critical), signed by
     * {@code issuer}.
     */
    X509Certificate enrolledCertificate(X500Name subject, SubjectPublicKeyInfo publicKey, Issued issuer,
                                        Instant notBefore, Duration lifetime) {
        try {
            var builder = new X509v3CertificateBuilder(X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()),
                    new BigInteger(64, random).abs().add(BigInteger.ONE), Date.from(notBefore),
                    Date.from(notBefore.plus(lifetime)), subject, publicKey);
            var extensions = new JcaX509ExtensionUtils();
            boolean rsa = publicKey.getAlgorithm().getAlgorithm().equals(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.rsaEncryption);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | (rsa ? KeyUsage.keyEncipherment : 0)));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(issuer.certificate()));
            builder.addExtension(new Extension(DEVICE_ACCESS_EXTENSION, false, new ASN1Integer(1).getEncoded()));
            var signer = new JcaContentSignerBuilder(signatureAlgorithm(issuer.keyPair().getPrivate()))
                    .build(issuer.keyPair().getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException | IllegalArgumentException e) {
            throw new IllegalStateException("could not issue a certificate for " + subject, e);
        }
    }

    static String signatureAlgorithm(java.security.PrivateKey key) {
        return key instanceof java.security.interfaces.RSAKey ? "SHA256withRSA" : "SHA256withECDSA";
    }

    /**
     * RSA-2048 key pairs shared by the sandboxes of one JVM: an RSA key takes up to seconds on a busy
     * CI machine, and tests start many sandboxes one after the other. A key is leased to one Pki
     * (one sandbox) at a time and comes back when that sandbox closes, so two sandboxes running at
     * once never share a key (a second sandbox stands for another Okta org).
     */
    private static final class RsaKeys {
        private static final java.util.Deque<KeyPair> FREE = new java.util.ArrayDeque<>();

        static synchronized KeyPair lease() {
            KeyPair free = FREE.poll();
            if (free != null) {
                return free;
            }
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048, new SecureRandom());
                return generator.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JVM cannot generate RSA keys", e);
            }
        }

        static synchronized void giveBack(List<KeyPair> keys) {
            FREE.addAll(keys);
        }
    }

    private final List<KeyPair> leasedRsaKeys = new java.util.ArrayList<>();

    /** Returns this Pki's RSA keys to the JVM's pool; call when its sandbox closes and nothing signs with them any more. */
    synchronized void release() {
        RsaKeys.giveBack(leasedRsaKeys);
        leasedRsaKeys.clear();
    }

    private synchronized KeyPair leaseRsaKey() {
        KeyPair key = RsaKeys.lease();
        leasedRsaKeys.add(key);
        return key;
    }

    static String pem(X509Certificate certificate) {
        try {
            return pem(certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encode a certificate", e);
        }
    }

    static String pem(byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n";
    }

    /**
     * Parses a chain of PEM certificates strictly: only CERTIFICATE blocks whose content is one
     * X.509 certificate. PKCS#7, PKCS#12 and anything else are refused.
     */
    static List<X509CertificateHolder> parsePemChain(String text) {
        var matcher = java.util.regex.Pattern
                .compile("-----BEGIN ([A-Z0-9 #]+)-----([^-]*)-----END \\1-----").matcher(text);
        List<X509CertificateHolder> chain = new java.util.ArrayList<>();
        int consumed = 0;
        while (matcher.find()) {
            if (!text.substring(consumed, matcher.start()).isBlank()) {
                throw new IllegalArgumentException("text outside PEM blocks");
            }
            if (!matcher.group(1).equals("CERTIFICATE")) {
                throw new IllegalArgumentException("a " + matcher.group(1) + " block is not a certificate");
            }
            byte[] der = Base64.getMimeDecoder().decode(matcher.group(2).trim());
            chain.add(parseDer(der));
            consumed = matcher.end();
        }
        if (!text.substring(consumed).isBlank()) {
            throw new IllegalArgumentException("text outside PEM blocks");
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("no PEM certificate found");
        }
        return chain;
    }

    /** One DER certificate; a PKCS#7 ContentInfo fails here because it is not a Certificate. */
    static X509CertificateHolder parseDer(byte[] der) {
        try {
            return new X509CertificateHolder(der);
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a DER X.509 certificate", e);
        }
    }
}
