package io.scephub.core.challenge;

import io.scephub.fixtures.TestPki;
import java.io.IOException;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.PrivateKey;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** PKCS#10 requests like a device would send, built with Bouncy Castle. */
final class Csrs {

    static final String SUBJECT = "CN=device-0001,O=Example";
    static final String DNS_SAN = "device-0001.example.com";
    static final String UPN_SAN = "alice@example.com";

    private Csrs() {
    }

    /** A request shaped like a typical device: subject, DNS + UPN SANs, digitalSignature, clientAuth. */
    static PKCS10CertificationRequest deviceRequest(KeyPair keys, String challenge) {
        return build(keys, keys.getPrivate(), SUBJECT, challenge, true);
    }

    static PKCS10CertificationRequest build(KeyPair keys, PrivateKey signingKey, String subject, String challenge,
                                            boolean withExtensions) {
        try {
            PKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(new X500Name(subject),
                    keys.getPublic());
            if (challenge != null) {
                // UTF8String: base64url's '_' is not allowed in a PrintableString.
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_challengePassword, new DERUTF8String(challenge));
            }
            if (withExtensions) {
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions(
                        new GeneralName[] {new GeneralName(GeneralName.dNSName, DNS_SAN), upn(UPN_SAN)},
                        KeyUsage.digitalSignature, KeyPurposeId.id_kp_clientAuth));
            }
            return builder.build(new JcaContentSignerBuilder(TestPki.signatureAlgorithm(signingKey))
                    .build(signingKey));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static PKCS10CertificationRequest withExtensions(KeyPair keys, String challenge, GeneralName[] sans, int keyUsage,
                                                     KeyPurposeId... ekus) {
        try {
            return new JcaPKCS10CertificationRequestBuilder(new X500Name(SUBJECT), keys.getPublic())
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_challengePassword, new DERUTF8String(challenge))
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions(sans, keyUsage, ekus))
                    .build(new JcaContentSignerBuilder(TestPki.signatureAlgorithm(keys.getPrivate())).build(keys.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static org.bouncycastle.asn1.x509.Extensions extensions(GeneralName[] sans, int keyUsage,
                                                                     KeyPurposeId... ekus) throws IOException {
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        if (sans.length > 0) {
            extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
        }
        if (keyUsage != 0) {
            extensions.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        }
        if (ekus.length > 0) {
            extensions.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(ekus));
        }
        return extensions.generate();
    }

    static GeneralName upn(String upn) {
        ASN1EncodableVector otherName = new ASN1EncodableVector();
        otherName.add(new ASN1ObjectIdentifier("1.3.6.1.4.1.311.20.2.3"));
        otherName.add(new DERTaggedObject(true, 0, new DERUTF8String(upn)));
        return new GeneralName(GeneralName.otherName, new DERSequence(otherName));
    }

    static byte[] der(PKCS10CertificationRequest request) {
        try {
            return request.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] pem(PKCS10CertificationRequest request) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(request);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
