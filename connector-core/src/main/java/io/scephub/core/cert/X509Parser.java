package io.scephub.core.cert;

import java.io.ByteArrayInputStream;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateFactorySpi;
import java.security.cert.X509Certificate;

/**
 * Parses a DER certificate with the JDK's X.509 parser, called through its provider's service rather than
 * {@link CertificateFactory#generateCertificate}.
 *
 * <p>Why: {@code CertificateFactory.generateCertificate} ends by offering the certificate to the JDK's security event
 * ({@code jdk.X509Certificate}, or the {@code jdk.event.security} logger). Asking whether that logger is on makes the JDK
 * look for a {@code System.LoggerFinder} with a {@code ServiceLoader} over the whole class path: it opens all of the
 * hub's jars (the Graph SDK's 80,000-entry directory among them), which was the largest single cost of
 * {@code scephub validate}. The parse itself is the same provider's code ({@code CertificateFactorySpi} of the provider
 * {@code CertificateFactory.getInstance("X.509")} selects), so every check it makes is made here too; what is left out
 * is only that event, for the configuration files scephub reads at start-up.
 */
public final class X509Parser {
    private X509Parser() {
    }

    /** The certificate these DER bytes encode, checked by the JDK's X.509 parser; its errors as they are. */
    public static X509Certificate parse(byte[] der) throws CertificateException {
        Provider provider = CertificateFactory.getInstance("X.509").getProvider();
        Provider.Service service = provider.getService("CertificateFactory", "X.509");
        CertificateFactorySpi spi;
        try {
            spi = (CertificateFactorySpi) service.newInstance(null);
        } catch (NoSuchAlgorithmException e) {
            throw new CertificateException("X.509 parser of " + provider.getName() + " unavailable", e);
        }
        return (X509Certificate) spi.engineGenerateCertificate(new ByteArrayInputStream(der));
    }
}
