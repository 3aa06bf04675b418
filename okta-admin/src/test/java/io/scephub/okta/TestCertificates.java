package io.scephub.okta;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** CA certificates made at test time (no checked-in keys). */
final class TestCertificates {
    private TestCertificates() {
    }

    /** A CA chain [issuing, root] as DER. */
    static java.util.List<byte[]> chain(String name) {
        KeyPair root = ec();
        KeyPair issuing = ec();
        byte[] rootDer = ca("CN=" + name + " Root", root.getPublic(), "CN=" + name + " Root", root.getPrivate());
        byte[] issuingDer = ca("CN=" + name + " Issuing", issuing.getPublic(), "CN=" + name + " Root", root.getPrivate());
        return java.util.List.of(issuingDer, rootDer);
    }

    /** EC keys: RSA key generation is slow enough to dominate the test run. */
    static KeyPair ec() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] ca(String subject, PublicKey key, String issuer, PrivateKey signer) {
        try {
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                    new BigInteger(64, new java.security.SecureRandom()), Date.from(now.minus(1, ChronoUnit.DAYS)),
                    Date.from(now.plus(3650, ChronoUnit.DAYS)), new X500Name(subject), key);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
