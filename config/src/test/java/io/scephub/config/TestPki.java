package io.scephub.config;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away root and issuing CA, and the chain in the formats people actually export. */
final class TestPki {
    final KeyPair rootKey;
    final X509Certificate root;
    final KeyPair issuingKey;
    final X509Certificate issuing;

    TestPki() throws Exception {
        rootKey = ecKey();
        root = ca("CN=Test Root CA", rootKey, "CN=Test Root CA", rootKey);
        issuingKey = ecKey();
        issuing = ca("CN=Test Issuing CA", issuingKey, "CN=Test Root CA", rootKey);
    }

    List<X509Certificate> chain() {
        return List.of(issuing, root);
    }

    String pemChain() throws Exception {
        return pem("CERTIFICATE", issuing.getEncoded()) + pem("CERTIFICATE", root.getEncoded());
    }

    byte[] pkcs7Der() throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addCertificates(new JcaCertStore(chain()));
        return generator.generate(new CMSAbsentContent()).getEncoded();
    }

    String pkcs7Pem() throws Exception {
        return pem("PKCS7", pkcs7Der());
    }

    byte[] pkcs12() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = "test-only".toCharArray();
        store.setKeyEntry("issuing", issuingKey.getPrivate(), password, chain().toArray(new X509Certificate[0]));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, password);
        return out.toByteArray();
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate ca(String subject, KeyPair subjectKey, String issuer, KeyPair issuerKey) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(1, ChronoUnit.DAYS)),
                Date.from(now.plus(3650, ChronoUnit.DAYS)), new X500Name(subject), subjectKey.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    }
}
