package io.scephub.okta;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** PEM in and out for CA chains, and the fingerprints scephub compares chains by. */
final class CertificateChains {
    private CertificateChains() {
    }

    /** One PEM block per certificate, in the given order. */
    static String toPem(List<byte[]> chainDer) {
        Base64.Encoder encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        StringBuilder pem = new StringBuilder();
        for (byte[] der : chainDer) {
            pem.append("-----BEGIN CERTIFICATE-----\n").append(encoder.encodeToString(der))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return pem.toString();
    }

    /** The DER certificates in a PEM text, in order; {@code where} names the source in the error. */
    static List<byte[]> fromPem(String pem, String where) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<byte[]> out = new ArrayList<>();
            for (Certificate certificate : factory.generateCertificates(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                out.add(certificate.getEncoded());
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException(where + ": no certificate in the answer");
            }
            return out;
        } catch (CertificateException e) {
            throw new IllegalArgumentException(where + ": not PEM X.509 certificates (" + e.getMessage() + ")", e);
        }
    }

    static String sha256Hex(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> sha256Hex(List<byte[]> chainDer) {
        return chainDer.stream().map(CertificateChains::sha256Hex).toList();
    }

    static String base64(byte[] der) {
        return Base64.getEncoder().encodeToString(der);
    }
}
