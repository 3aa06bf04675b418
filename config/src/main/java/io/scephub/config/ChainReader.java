package io.scephub.config;

import io.scephub.core.cert.X509Parser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a custom CA chain file into DER certificates. Okta takes PEM or DER only, so PKCS#7 and
 * PKCS#12/PFX are recognised here and refused with the openssl command that converts them,
 * instead of failing later at the Okta API with a vaguer message.
 */
final class ChainReader {
    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 #]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    /** DER of OID 1.2.840.113549.1.7.2 (PKCS#7 signedData), the content type of a .p7b/.p7c bundle. */
    private static final byte[] SIGNED_DATA_OID = {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x07, 0x02};
    private static final String ONLY_PEM_DER = "Okta accepts only PEM or DER certificates";

    private final Problems problems;

    ChainReader(Problems problems) {
        this.problems = problems;
    }

    /** The certificates of the file, issuing CA first as written; empty after reporting a problem. */
    Optional<List<byte[]>> read(Path baseDir, String writtenInFile, Node node, String path) {
        String written = Values.path(writtenInFile);
        Optional<Path> found = ConfigFile.regular(baseDir, writtenInFile, node, path, problems,
                file -> written + " is not a regular file; expected a PEM or DER certificate file");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Path file = found.get();
        byte[] bytes;
        try {
            bytes = ConfigFile.readAtMost(file, ConfigFile.MAX_BYTES);
        } catch (IOException e) {
            problems.at(node, path, "cannot read " + written + " (" + e.getClass().getSimpleName() + ")");
            return Optional.empty();
        }
        if (bytes.length > ConfigFile.MAX_BYTES) {
            problems.at(node, path, written + " is larger than 1 MiB; a certificate chain is a few kilobytes, so this is probably not the right file");
            return Optional.empty();
        }
        if (bytes.length == 0) {
            problems.at(node, path, written + " is empty; expected PEM or DER certificates");
            return Optional.empty();
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.contains("-----BEGIN")) {
            return readPem(text, written, node, path);
        }
        return readDer(bytes, written, node, path);
    }

    private Optional<List<byte[]>> readPem(String text, String written, Node node, String path) {
        if (text.contains("-----BEGIN PKCS7-----") || text.contains("-----BEGIN CMS-----")) {
            return pkcs7(written, node, path);
        }
        if (text.contains("PRIVATE KEY-----")) {
            problems.at(node, path, written + " contains a private key; the chain file must hold only the CA certificates");
            return Optional.empty();
        }
        List<byte[]> certificates = new ArrayList<>();
        Matcher m = PEM_BLOCK.matcher(text);
        while (m.find()) {
            if (!m.group(1).equals("CERTIFICATE")) {
                problems.at(node, path, written + " holds a \"" + m.group(1) + "\" block; expected only CERTIFICATE blocks");
                return Optional.empty();
            }
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                problems.at(node, path, "certificate " + (certificates.size() + 1) + " in " + written + " is not valid base64");
                return Optional.empty();
            }
            Optional<byte[]> parsed = parse(der, written, certificates.size() + 1, node, path);
            if (parsed.isEmpty()) {
                return Optional.empty();
            }
            certificates.add(parsed.get());
        }
        if (certificates.isEmpty()) {
            problems.at(node, path, written + " holds no complete -----BEGIN CERTIFICATE----- block");
            return Optional.empty();
        }
        return Optional.of(certificates);
    }

    private Optional<List<byte[]>> readDer(byte[] bytes, String written, Node node, String path) {
        DerHeader outer = DerHeader.at(bytes, 0);
        if (outer == null || bytes[0] != 0x30) {
            problems.at(node, path, written + " is neither PEM nor DER; expected PEM (-----BEGIN CERTIFICATE-----) or one DER certificate");
            return Optional.empty();
        }
        DerHeader first = DerHeader.at(bytes, outer.contentStart());
        if (first != null && first.tag() == 0x06 && startsWith(bytes, outer.contentStart(), SIGNED_DATA_OID)) {
            return pkcs7(written, node, path);
        }
        // PFX = SEQUENCE { version INTEGER 3, authSafe ContentInfo, ... }; a certificate starts with a SEQUENCE.
        if (first != null && first.tag() == 0x02 && first.length() == 1 && bytes.length > first.contentStart()
                && bytes[first.contentStart()] == 3) {
            problems.at(node, path, written + " is a PKCS#12/PFX container; " + ONLY_PEM_DER
                    + ". Extract the certificates: openssl pkcs12 -in " + written + " -nokeys -out chain.pem");
            return Optional.empty();
        }
        if (outer.length() >= 0 && outer.contentStart() + outer.length() != bytes.length) {
            problems.at(node, path, written + " is not a single DER certificate (it has " + (bytes.length - outer.contentStart() - outer.length())
                    + " bytes too many or too few); for several certificates use PEM");
            return Optional.empty();
        }
        return parse(bytes, written, 1, node, path).map(List::of);
    }

    private Optional<byte[]> parse(byte[] der, String written, int index, Node node, String path) {
        try {
            return Optional.of(X509Parser.parse(der).getEncoded());
        } catch (CertificateException e) {
            problems.at(node, path, "certificate " + index + " in " + written + " cannot be parsed as X.509 (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    private Optional<List<byte[]>> pkcs7(String written, Node node, String path) {
        problems.at(node, path, written + " is a PKCS#7 bundle; " + ONLY_PEM_DER
                + ". Convert it: openssl pkcs7 -print_certs -in " + written + " -out chain.pem");
        return Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        return bytes.length >= offset + prefix.length
                && Arrays.equals(bytes, offset, offset + prefix.length, prefix, 0, prefix.length);
    }

    /** Tag and length of one DER/BER element; length -1 means BER indefinite length. */
    record DerHeader(int tag, int length, int contentStart) {
        static DerHeader at(byte[] bytes, int offset) {
            if (offset + 2 > bytes.length) {
                return null;
            }
            int tag = bytes[offset] & 0xFF;
            int first = bytes[offset + 1] & 0xFF;
            if (first < 0x80) {
                return new DerHeader(tag, first, offset + 2);
            }
            if (first == 0x80) {
                return new DerHeader(tag, -1, offset + 2);
            }
            int count = first & 0x7F;
            if (count > 4 || offset + 2 + count > bytes.length) {
                return null;
            }
            int length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | (bytes[offset + 2 + i] & 0xFF);
            }
            return length < 0 ? null : new DerHeader(tag, length, offset + 2 + count);
        }
    }
}
