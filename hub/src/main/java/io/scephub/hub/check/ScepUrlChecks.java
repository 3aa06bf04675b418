package io.scephub.hub.check;

import io.scephub.core.check.CheckResult;
import io.scephub.core.contract.ScepConfiguration;
import io.scephub.core.contract.ScepOutput;
import io.scephub.core.model.CaSpec;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.scep.ScepEndpointCheck;
import io.scephub.core.spi.Connector;
import io.scephub.core.spi.TrustedChainSource;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SCEP protocol checks of {@code validate --online} and {@code doctor}: each enrollment's SCEP
 * URL, as its Okta SCEP configuration reports it ({@link ScepOutput#SCEP_URL}), is checked with
 * {@link ScepEndpointCheck} against the configured custom chain, or the chain of Okta's CA that the
 * identity connector ({@link TrustedChainSource}) serves.
 */
final class ScepUrlChecks {

    private final ScepEndpointCheck check;

    ScepUrlChecks(ScepEndpointCheck check) {
        this.check = check;
    }

    /** The results for {@code enrollment}, each with {@code subject}. */
    List<CheckResult> check(String subject, EnrollmentSpec enrollment, Map<String, Connector> connectors,
                            Map<ResourceKey, ActualResource> actual) {
        Optional<String> url = ScepConfiguration.output(actual.get(ScepConfiguration.key(enrollment.name())), ScepOutput.SCEP_URL)
                .map(String::valueOf);
        if (url.isEmpty()) {
            return List.of(CheckResult.skipped(subject, ScepEndpointCheck.URL, "no SCEP URL to check: Okta has no SCEP configuration for the enrollment yet"));
        }
        if (enrollment.ca() instanceof CaSpec.CustomCa custom) {
            return check.check(subject, url.get(), certificates(custom.chainDer()), "the configured chain (" + custom.source() + ")");
        }
        List<X509Certificate> okta = connectors.values().stream().filter(TrustedChainSource.class::isInstance)
                .map(c -> ((TrustedChainSource) c).trustedChain(enrollment)).filter(chain -> !chain.isEmpty()).findFirst().orElse(List.of());
        return check.check(subject, url.get(), okta, "Okta's CA");
    }

    private static List<X509Certificate> certificates(List<byte[]> chainDer) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> chain = new ArrayList<>();
            for (byte[] der : chainDer) {
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
            return chain;
        } catch (CertificateException e) {
            throw new IllegalStateException("the configured chain was validated when loaded but no longer parses", e);
        }
    }
}
