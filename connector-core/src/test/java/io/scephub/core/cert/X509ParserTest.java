package io.scephub.core.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scephub.fixtures.TestPki;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class X509ParserTest {
    private static final byte[] DER = der();

    private static byte[] der() {
        try {
            return TestPki.caChain("X509ParserTest").issuing().certificate().getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void parsesWhatCertificateFactoryParses() throws Exception {
        X509Certificate expected = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(DER));

        X509Certificate parsed = X509Parser.parse(DER);

        assertThat(parsed).isEqualTo(expected);
        assertThat(parsed.getEncoded()).isEqualTo(DER);
        assertThat(parsed.getSubjectX500Principal()).isEqualTo(expected.getSubjectX500Principal());
        assertThat(parsed.getPublicKey()).isEqualTo(expected.getPublicKey());
        assertThat(parsed.getBasicConstraints()).isEqualTo(expected.getBasicConstraints());
    }

    @Test
    void refusesWhatCertificateFactoryRefusesWithItsMessage() {
        byte[] truncated = Arrays.copyOf(DER, DER.length - 10);
        byte[] notAsn1 = "not a certificate".getBytes();
        for (byte[] bad : new byte[][] {truncated, notAsn1, new byte[0]}) {
            String expected = refusal(bad);
            assertThatThrownBy(() -> X509Parser.parse(bad)).isInstanceOf(CertificateException.class).hasMessage(expected);
        }
    }

    @Test
    void acceptsAndRefusesLikeCertificateFactoryForDamagedBytes() throws Exception {
        // Every byte of the certificate damaged in turn: the same outcome, the same certificate or the same message.
        for (int i = 0; i < DER.length; i += 7) {
            byte[] damaged = DER.clone();
            damaged[i] ^= (byte) 0x5A;
            String expected = refusal(damaged);
            if (expected == null) {
                assertThat(X509Parser.parse(damaged).getEncoded()).as("byte %d", i).isEqualTo(parseWithFactory(damaged).getEncoded());
            } else {
                assertThatThrownBy(() -> X509Parser.parse(damaged)).as("byte %d", i).hasMessage(expected);
            }
        }
    }

    private static X509Certificate parseWithFactory(byte[] der) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    /** CertificateFactory's message for these bytes, or null when it accepts them. */
    private static String refusal(byte[] der) {
        try {
            parseWithFactory(der);
            return null;
        } catch (CertificateException e) {
            return e.getMessage();
        }
    }
}
