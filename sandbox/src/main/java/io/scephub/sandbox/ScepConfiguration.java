package io.scephub.sandbox;

import java.util.List;
import java.util.Optional;

/**
 * What Okta's SCEP service knows of one SCEP configuration (registration authority) when a device
 * enrols: its CA chain and, for Okta's own CA, the issuing key; its challenge type and the values
 * that check a challenge. Secrets stay out of {@link #toString()}.
 *
 * @param issuer      Okta's issuing CA when the configuration uses Okta's CA; empty for a custom CA,
 *                    whose key the sandbox (like Okta) never holds
 * @param audience    the {@code aud} a delegated challenge for it carries ({@code okta-scep:<enrollment>})
 */
record ScepConfiguration(String raId, String caId, List<byte[]> chainDer, Optional<Pki.Issued> issuer,
                         String platform, String challengeType, boolean active, String staticSecret,
                         String username, String password, String tenantId, List<String> audiences) {

    @Override
    public String toString() {
        return "ScepConfiguration[raId=" + raId + ", caId=" + caId + ", platform=" + platform + ", challengeType="
                + challengeType + ", active=" + active + "]";
    }
}
