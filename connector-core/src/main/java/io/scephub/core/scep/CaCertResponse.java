package io.scephub.core.scep;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;

/**
 * A GetCACert answer read by RFC 8894 section 4.2.1's rules: {@code application/x-x509-ca-cert}
 * is exactly one DER certificate (not PEM, not PKCS#7); {@code application/x-x509-ca-ra-cert} is a
 * degenerate certificates-only CMS SignedData (no signers) holding the CA certificate and any
 * intermediate or RA certificates. Anything else is a {@link ScepProtocolException}.
 */
public record CaCertResponse(String contentType, List<X509Certificate> certificates) {

    public static final String SINGLE = "application/x-x509-ca-cert";
    public static final String CHAIN = "application/x-x509-ca-ra-cert";

    public CaCertResponse {
        certificates = List.copyOf(certificates);
    }

    /** Reads {@code body} as {@code contentType} says it is. */
    public static CaCertResponse read(String contentType, byte[] body) {
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (type.equals(SINGLE)) {
            if (startsWithPem(body)) {
                throw new ScepProtocolException("GetCACert answered " + SINGLE + " with PEM text; RFC 8894 requires the DER certificate");
            }
            try {
                return new CaCertResponse(type, List.of(certificate(new X509CertificateHolder(body).getEncoded())));
            } catch (IOException | RuntimeException e) {
                throw new ScepProtocolException("GetCACert answered " + SINGLE + " but the body is not one DER X.509 certificate"
                        + " (a PKCS#7 chain must be sent as " + CHAIN + ")");
            }
        }
        if (type.equals(CHAIN)) {
            try {
                CMSSignedData signed = new CMSSignedData(body);
                if (!signed.getSignerInfos().getSigners().isEmpty()) {
                    throw new ScepProtocolException("GetCACert answered a PKCS#7 with signers; RFC 8894 requires a degenerate certificates-only SignedData");
                }
                @SuppressWarnings("unchecked")
                Collection<X509CertificateHolder> holders = signed.getCertificates().getMatches(null);
                if (holders.isEmpty()) {
                    throw new ScepProtocolException("GetCACert answered a PKCS#7 without certificates");
                }
                List<X509Certificate> certificates = new ArrayList<>();
                for (X509CertificateHolder holder : holders) {
                    certificates.add(certificate(holder.getEncoded()));
                }
                return new CaCertResponse(type, certificates);
            } catch (CMSException | IOException | RuntimeException e) {
                if (e instanceof ScepProtocolException protocol) {
                    throw protocol;
                }
                throw new ScepProtocolException("GetCACert answered " + CHAIN + " but the body is not a DER PKCS#7 SignedData");
            }
        }
        throw new ScepProtocolException("GetCACert answered Content-Type \"" + (contentType == null ? "" : contentType)
                + "\"; RFC 8894 expects " + SINGLE + " (one DER certificate) or " + CHAIN + " (a PKCS#7 of certificates)");
    }

    /** The CA certificates (basicConstraints cA); RA certificates are the others. */
    public List<X509Certificate> caCertificates() {
        return certificates.stream().filter(c -> c.getBasicConstraints() >= 0).toList();
    }

    private static boolean startsWithPem(byte[] body) {
        String head = new String(body, 0, Math.min(body.length, 64), java.nio.charset.StandardCharsets.US_ASCII);
        return head.stripLeading().startsWith("-----BEGIN");
    }

    private static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new ScepProtocolException("GetCACert returned a certificate that does not parse: " + e.getMessage());
        }
    }
}
