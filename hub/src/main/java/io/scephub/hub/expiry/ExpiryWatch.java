package io.scephub.hub.expiry;

import io.scephub.config.ScephubConfig;
import io.scephub.core.challenge.ChallengeSigner;
import io.scephub.core.expiry.CredentialExpiry;
import io.scephub.core.model.CaSpec;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.spi.Connector;
import io.scephub.core.spi.CredentialExpiryReader;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every credential scephub holds a reference to, with its expiry: what the connectors can read from
 * their vendors ({@link CredentialExpiryReader}, e.g. the Entra app's secrets and certificates), the
 * custom CA chains the enrollments upload to Okta, and the delegated-challenge signer roots. A
 * connector that cannot answer is listed as unknown with the reason; nothing here fails a command.
 */
public final class ExpiryWatch {
    private static final Logger log = LoggerFactory.getLogger(ExpiryWatch.class);

    private ExpiryWatch() {
    }

    /**
     * The credentials of {@code config} (one tenant of it when the file has {@code tenants:}, then named
     * {@code <tenant>/...}), asking the open {@code connectors} for their own.
     */
    public static List<CredentialExpiry> collect(ScephubConfig config, Map<String, Connector> connectors) {
        List<CredentialExpiry> out = new ArrayList<>();
        connectors.forEach((id, connector) -> {
            if (connector instanceof CredentialExpiryReader reader) {
                try {
                    out.addAll(reader.credentialExpiries());
                } catch (RuntimeException e) {
                    // Vendor errors are secret-free by construction; keep the class only for anything else.
                    String reason = e instanceof io.scephub.core.error.ScephubException ? e.getMessage() : e.getClass().getSimpleName();
                    log.warn("expiry_read_failed connector={} error={}", id, reason);
                    out.add(CredentialExpiry.unknown(id + ".credentials", "vendor-credential", id, id + " connector",
                            "unknown (could not read: " + reason + ")"));
                }
            }
        });
        out.addAll(fromConfig(config));
        if (!config.tenanted()) {
            return out;
        }
        // Every tenant has an intune connector and may have a challenge-signer/0/0: the names must say whose it is.
        String tenant = config.onlyTenant().name();
        return out.stream().map(c -> c.inTenant(tenant)).toList();
    }

    /** What the file itself holds: custom CA chains (uploaded to Okta) and challenge signer roots. */
    public static List<CredentialExpiry> fromConfig(ScephubConfig config) {
        List<CredentialExpiry> out = new ArrayList<>();
        Set<String> seenCas = new LinkedHashSet<>();
        List<EnrollmentSpec> enrollments = config.desired().enrollments();
        for (EnrollmentSpec enrollment : enrollments) {
            if (enrollment.ca() instanceof CaSpec.CustomCa ca && seenCas.add(ca.name())) {
                for (int i = 0; i < ca.chainDer().size(); i++) {
                    X509Certificate cert = parse(ca.chainDer().get(i));
                    out.add(CredentialExpiry.known("okta.ca-chain/" + ca.name() + "/" + i, "ca-certificate",
                            "enrollments (" + enrollment.name() + ").ca.custom.chain " + ca.source(),
                            cert.getSubjectX500Principal().getName(), cert.getNotAfter().toInstant()));
                }
            }
        }
        config.delegatedChallenge().ifPresent(trust -> {
            List<ChallengeSigner> signers = trust.signers();
            for (int s = 0; s < signers.size(); s++) {
                List<X509Certificate> anchors = signers.get(s).trustAnchors();
                for (int i = 0; i < anchors.size(); i++) {
                    X509Certificate cert = anchors.get(i);
                    out.add(CredentialExpiry.known("challenge-signer/" + s + "/" + i, "challenge-signer",
                            "delegatedChallenge.signers[" + s + "] (" + signers.get(s).issuer() + ")",
                            cert.getSubjectX500Principal().getName(), cert.getNotAfter().toInstant()));
                }
            }
        });
        return out;
    }

    private static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            // The config loader already parsed every chain certificate; this cannot fail on a loaded file.
            throw new IllegalStateException("a configured chain certificate no longer parses", e);
        }
    }
}
