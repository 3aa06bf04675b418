package io.scephub.core.cert;

import io.scephub.core.model.Secret;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.SignedData;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilderProvider;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;

/**
 * Recognises and opens PEM, DER, PKCS#7 and PKCS#12 certificate files. Private keys are noticed,
 * never decrypted or kept.
 */
final class CertificateFileReader {
    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 #./-]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final String PEM_MARKER = "-----BEGIN ";

    private final Provider bouncyCastle;

    CertificateFileReader(Provider bouncyCastle) {
        this.bouncyCastle = bouncyCastle;
    }

    static CertificateFileFormat detect(byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        if (text.contains(PEM_MARKER)) {
            boolean pkcs7 = false;
            boolean certificate = false;
            Matcher matcher = PEM_BLOCK.matcher(text);
            while (matcher.find()) {
                PemKind kind = PemKind.of(matcher.group(1));
                pkcs7 |= kind == PemKind.PKCS7;
                certificate |= kind == PemKind.CERTIFICATE;
            }
            if (pkcs7) {
                return CertificateFileFormat.PEM_PKCS7;
            }
            return certificate ? CertificateFileFormat.PEM_CERTIFICATES : CertificateFileFormat.UNKNOWN;
        }
        return detectBinary(content);
    }

    private static CertificateFileFormat detectBinary(byte[] content) {
        ASN1Primitive first;
        try (ASN1InputStream in = new ASN1InputStream(content)) {
            first = in.readObject();
        } catch (IOException | RuntimeException e) {
            return CertificateFileFormat.UNKNOWN;
        }
        if (!(first instanceof ASN1Sequence sequence) || sequence.size() < 2) {
            return CertificateFileFormat.UNKNOWN;
        }
        ASN1Encodable head = sequence.getObjectAt(0);
        if (head instanceof ASN1ObjectIdentifier contentType) {
            return contentType.equals(PKCSObjectIdentifiers.signedData)
                    ? CertificateFileFormat.DER_PKCS7 : CertificateFileFormat.UNKNOWN;
        }
        if (head instanceof ASN1Integer version && sequence.getObjectAt(1) instanceof ASN1Sequence authSafe
                && authSafe.size() >= 1 && authSafe.getObjectAt(0) instanceof ASN1ObjectIdentifier) {
            return version.hasValue(3) ? CertificateFileFormat.PKCS12 : CertificateFileFormat.UNKNOWN;
        }
        if (head instanceof ASN1Sequence && sequence.size() == 3 && sequence.getObjectAt(2) instanceof ASN1BitString) {
            return CertificateFileFormat.DER_CERTIFICATE;
        }
        return CertificateFileFormat.UNKNOWN;
    }

    ParsedCertificateFile read(String source, byte[] content, Pkcs12PasswordSource passwords) {
        CertificateFileFormat format = detect(content);
        return switch (format) {
            case PEM_CERTIFICATES, PEM_PKCS7 -> readPem(source, format, content);
            case DER_CERTIFICATE -> new ParsedCertificateFile(format, readDerCertificates(source, content), false, List.of());
            case DER_PKCS7 -> new ParsedCertificateFile(format, readPkcs7(source, "the file", content), false, List.of());
            case PKCS12 -> readPkcs12(source, content, passwords);
            case UNKNOWN -> readUnknown(content);
        };
    }

    private ParsedCertificateFile readUnknown(byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        List<String> labels = new ArrayList<>();
        boolean key = false;
        Matcher matcher = PEM_BLOCK.matcher(text);
        while (matcher.find()) {
            if (PemKind.of(matcher.group(1)) == PemKind.PRIVATE_KEY) {
                key = true;
            } else {
                labels.add(matcher.group(1));
            }
        }
        return new ParsedCertificateFile(CertificateFileFormat.UNKNOWN, List.of(), key, labels);
    }

    private ParsedCertificateFile readPem(String source, CertificateFileFormat format, byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        List<X509Certificate> certificates = new ArrayList<>();
        List<String> otherLabels = new ArrayList<>();
        boolean privateKey = false;
        Matcher matcher = PEM_BLOCK.matcher(text);
        int blockNumber = 0;
        while (matcher.find()) {
            blockNumber++;
            String label = matcher.group(1);
            String where = "PEM block " + blockNumber + " (" + label + ")";
            switch (PemKind.of(label)) {
                case CERTIFICATE -> certificates.add(toX509(source, where, firstObject(source, where, base64(source, where, matcher.group(2)))));
                case PKCS7 -> certificates.addAll(readPkcs7(source, where, base64(source, where, matcher.group(2))));
                case PRIVATE_KEY -> privateKey = true;
                case OTHER -> otherLabels.add(label);
            }
        }
        return new ParsedCertificateFile(format, certificates, privateKey, otherLabels);
    }

    private static byte[] base64(String source, String where, String body) {
        StringBuilder data = new StringBuilder();
        for (String line : body.split("\\R")) {
            // Encapsulated headers such as "Proc-Type: 4,ENCRYPTED" are not part of the base64 data.
            if (!line.contains(":")) {
                data.append(line.strip());
            }
        }
        try {
            return Base64.getDecoder().decode(data.toString());
        } catch (IllegalArgumentException e) {
            throw malformed(source, where + " is not valid base64: " + e.getMessage(), e);
        }
    }

    private static byte[] firstObject(String source, String where, byte[] der) {
        // An OpenSSL "TRUSTED CERTIFICATE" is the certificate followed by trust settings.
        try (ASN1InputStream in = new ASN1InputStream(der)) {
            ASN1Primitive object = in.readObject();
            if (object == null) {
                throw malformed(source, where + " is empty", null);
            }
            return object.getEncoded();
        } catch (IOException e) {
            throw malformed(source, where + " is not DER-encoded ASN.1: " + e.getMessage(), e);
        }
    }

    private List<X509Certificate> readDerCertificates(String source, byte[] content) {
        // Several DER certificates written back to back are read in turn.
        List<X509Certificate> certificates = new ArrayList<>();
        try (ASN1InputStream in = new ASN1InputStream(content)) {
            ASN1Primitive object;
            int number = 0;
            while ((object = in.readObject()) != null) {
                number++;
                certificates.add(toX509(source, "DER object " + number, object.getEncoded()));
            }
        } catch (IOException e) {
            throw malformed(source, "DER content is truncated or corrupt after " + certificates.size()
                    + " certificate(s): " + e.getMessage(), e);
        }
        return certificates;
    }

    private List<X509Certificate> readPkcs7(String source, String where, byte[] der) {
        SignedData signedData;
        try {
            ContentInfo contentInfo = ContentInfo.getInstance(ASN1Primitive.fromByteArray(der));
            if (!PKCSObjectIdentifiers.signedData.equals(contentInfo.getContentType())) {
                throw malformed(source, where + " is PKCS#7 of type " + contentInfo.getContentType()
                        + ", expected SignedData (1.2.840.113549.1.7.2)", null);
            }
            signedData = SignedData.getInstance(contentInfo.getContent());
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw malformed(source, where + " is not a valid PKCS#7 SignedData: " + e.getMessage(), e);
        }
        List<X509Certificate> certificates = new ArrayList<>();
        ASN1Set set = signedData.getCertificates();
        if (set == null) {
            return certificates;
        }
        int number = 0;
        for (ASN1Encodable element : set) {
            number++;
            // Attribute and other certificate choices are tagged; only plain X.509 certificates count.
            if (element.toASN1Primitive() instanceof ASN1Sequence) {
                try {
                    certificates.add(toX509(source, where + ", certificate " + number, element.toASN1Primitive().getEncoded()));
                } catch (IOException e) {
                    throw malformed(source, where + ", certificate " + number + " cannot be encoded: " + e.getMessage(), e);
                }
            }
        }
        return certificates;
    }

    private ParsedCertificateFile readPkcs12(String source, byte[] content, Pkcs12PasswordSource passwords) {
        PKCS12PfxPdu pfx;
        try {
            pfx = new PKCS12PfxPdu(content);
        } catch (IOException | RuntimeException e) {
            throw malformed(source, "PKCS#12 structure is corrupt: " + e.getMessage(), e);
        }
        Secret secret = passwords.passwordFor(source);
        char[] password = secret.reveal().toCharArray();
        try {
            if (pfx.hasMac() && !pfx.isMacValid(new JcePKCS12MacCalculatorBuilderProvider().setProvider(bouncyCastle), password)) {
                throw wrongPassword(source, null);
            }
            InputDecryptorProvider decryptor = new JcePKCSPBEInputDecryptorProviderBuilder()
                    .setProvider(bouncyCastle).build(password);
            List<X509Certificate> certificates = new ArrayList<>();
            boolean privateKey = false;
            for (ContentInfo info : pfx.getContentInfos()) {
                PKCS12SafeBagFactory bags = PKCSObjectIdentifiers.encryptedData.equals(info.getContentType())
                        ? new PKCS12SafeBagFactory(info, decryptor) : new PKCS12SafeBagFactory(info);
                for (PKCS12SafeBag bag : bags.getSafeBags()) {
                    if (PKCSObjectIdentifiers.certBag.equals(bag.getType()) && bag.getBagValue() instanceof X509CertificateHolder holder) {
                        certificates.add(toX509(source, "PKCS#12 certificate " + (certificates.size() + 1), holder.getEncoded()));
                    } else if (PKCSObjectIdentifiers.pkcs8ShroudedKeyBag.equals(bag.getType())
                            || PKCSObjectIdentifiers.keyBag.equals(bag.getType())) {
                        privateKey = true;
                    }
                }
            }
            return new ParsedCertificateFile(CertificateFileFormat.PKCS12, certificates, privateKey, List.of());
        } catch (PKCSException e) {
            // Without a MAC the first sign of a wrong password is a failed decryption.
            throw wrongPassword(source, e);
        } catch (IOException e) {
            throw malformed(source, "PKCS#12 content cannot be read: " + e.getMessage(), e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static X509Certificate toX509(String source, String where, byte[] der) {
        try {
            Certificate.getInstance(ASN1Primitive.fromByteArray(der));
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
        } catch (IOException | IllegalArgumentException | CertificateException e) {
            throw malformed(source, where + " is not an X.509 certificate: " + e.getMessage(), e);
        }
    }

    private static CertificateFileException malformed(String source, String message, Throwable cause) {
        return new CertificateFileException(CertificateFileException.MALFORMED, source + ": " + message, cause);
    }

    private static CertificateFileException wrongPassword(String source, Throwable cause) {
        return new CertificateFileException(CertificateFileException.WRONG_PASSWORD,
                source + ": the PKCS#12 password is wrong (the file's integrity check failed with it)", cause);
    }

    /** What a PEM label announces. */
    private enum PemKind {
        CERTIFICATE, PKCS7, PRIVATE_KEY, OTHER;

        static PemKind of(String label) {
            String upper = label.toUpperCase(Locale.ROOT);
            if (upper.equals("CERTIFICATE") || upper.equals("X509 CERTIFICATE") || upper.equals("X.509 CERTIFICATE")
                    || upper.equals("TRUSTED CERTIFICATE")) {
                return CERTIFICATE;
            }
            if (upper.equals("PKCS7") || upper.equals("PKCS #7 SIGNED DATA") || upper.equals("CMS")) {
                return PKCS7;
            }
            return upper.endsWith("PRIVATE KEY") ? PRIVATE_KEY : OTHER;
        }
    }
}
