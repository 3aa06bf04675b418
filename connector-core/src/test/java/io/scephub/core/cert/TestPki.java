package io.scephub.core.cert;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Builds throw-away CAs and device certificates at test time; nothing is checked in. Public for the check package's tests. */
public final class TestPki {
    public static final String ODA_OID = "1.3.6.1.4.1.51150.13.1";
    private static final AtomicLong SERIALS = new AtomicLong(1000);

    /** A certificate with the key pair that belongs to it. */
    public record Issued(X509Certificate certificate, KeyPair keys) {
    }

    private TestPki() {
    }

    public static KeyPair ecKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair rsaKey(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static Builder certificate(String subject, Instant now) {
        return new Builder(subject, now);
    }

    /** Fluent description of one certificate. */
    public static final class Builder {
        private final String subject;
        private KeyPair keys;
        private Issued issuer;
        private KeyPair signingKeysOverride;
        private boolean ca;
        private Instant notBefore;
        private Instant notAfter;
        private ASN1Encodable odaValue;
        private boolean odaCritical;
        private final List<String> ekus = new ArrayList<>();
        private final List<String> applicationPolicies = new ArrayList<>();
        private boolean basicConstraints = true;

        private Builder(String subject, Instant now) {
            this.subject = subject;
            this.notBefore = now.minus(Duration.ofDays(1));
            this.notAfter = now.plus(Duration.ofDays(365));
        }

        public Builder keys(KeyPair value) {
            this.keys = value;
            return this;
        }

        public Builder issuedBy(Issued value) {
            this.issuer = value;
            return this;
        }

        /** Signs with these keys while naming {@link #issuedBy}'s subject: a forged or mixed-up issuer. */
        public Builder signedWith(KeyPair value) {
            this.signingKeysOverride = value;
            return this;
        }

        public Builder ca() {
            this.ca = true;
            return this;
        }

        public Builder withoutBasicConstraints() {
            this.basicConstraints = false;
            return this;
        }

        public Builder validity(Instant from, Instant to) {
            this.notBefore = from;
            this.notAfter = to;
            return this;
        }

        public Builder oda(ASN1Encodable value, boolean critical) {
            this.odaValue = value;
            this.odaCritical = critical;
            return this;
        }

        public Builder odaOk() {
            return oda(new ASN1Integer(1), false);
        }

        public Builder eku(String... oids) {
            ekus.addAll(List.of(oids));
            return this;
        }

        public Builder applicationPolicy(String oid) {
            applicationPolicies.add(oid);
            return this;
        }

        public Issued build() {
            try {
                KeyPair own = keys != null ? keys : ecKey();
                X500Name subjectName = new X500Name(subject);
                X500Name issuerName = issuer == null ? subjectName
                        : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
                KeyPair signer = signingKeysOverride != null ? signingKeysOverride : issuer == null ? own : issuer.keys();
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                        BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
                        subjectName, own.getPublic());
                JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
                builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(own.getPublic()));
                if (issuer != null && signingKeysOverride == null) {
                    builder.addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(issuer.certificate().getPublicKey()));
                }
                if (basicConstraints) {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
                }
                builder.addExtension(Extension.keyUsage, true, ca
                        ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                        : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                if (!ekus.isEmpty()) {
                    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(ekus.stream()
                            .map(oid -> KeyPurposeId.getInstance(new ASN1ObjectIdentifier(oid))).toArray(KeyPurposeId[]::new)));
                }
                if (!applicationPolicies.isEmpty()) {
                    builder.addExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.311.21.10"), false, new DERSequence(
                            applicationPolicies.stream().map(oid -> new PolicyInformation(new ASN1ObjectIdentifier(oid)))
                                    .toArray(ASN1Encodable[]::new)));
                }
                if (odaValue != null) {
                    builder.addExtension(new ASN1ObjectIdentifier(ODA_OID), odaCritical, odaValue);
                }
                String algorithm = signer.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
                X509Certificate certificate = new JcaX509CertificateConverter()
                        .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(signer.getPrivate())));
                return new Issued(certificate, own);
            } catch (Exception e) {
                throw new IllegalStateException("cannot build test certificate " + subject, e);
            }
        }
    }

    public static String pem(X509Certificate... certificates) {
        return CertificatePemWriter.toPem(List.of(certificates));
    }

    public static byte[] pemBytes(X509Certificate... certificates) {
        return pem(certificates).getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] pkcs7Der(X509Certificate... certificates) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addCertificates(new JcaCertStore(List.of(certificates)));
            return generator.generate(new CMSAbsentContent(), false).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] pkcs7Pem(X509Certificate... certificates) {
        return armor("PKCS7", pkcs7Der(certificates));
    }

    public static byte[] armor(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return ("-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A PKCS#12 as the JDK writes it (PBES2/AES-256, HMAC-SHA256 MAC): the key plus its chain. */
    public static byte[] pkcs12(Issued device, char[] password, X509Certificate... chain) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            X509Certificate[] full = new X509Certificate[chain.length + 1];
            full[0] = device.certificate();
            System.arraycopy(chain, 0, full, 1, chain.length);
            store.setKeyEntry("device", device.keys().getPrivate(), password, full);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password);
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
