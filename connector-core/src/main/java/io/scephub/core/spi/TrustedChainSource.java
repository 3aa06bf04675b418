package io.scephub.core.spi;

import io.scephub.core.model.EnrollmentSpec;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Optional capability of the identity {@link Connector}: the CA chain it trusts for an enrollment's
 * device certificates, so {@code doctor} can check that a device certificate chains to it.
 */
public interface TrustedChainSource {

    /** The chain, issuing CA first and root last; empty when the enrollment has no SCEP configuration yet. */
    List<X509Certificate> trustedChain(EnrollmentSpec enrollment);
}
