package io.scephub.hub.expiry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.scephub.core.expiry.CredentialExpiry;
import java.time.Clock;
import java.util.List;

/**
 * {@code scephub_credential_expiry_days{credential,kind}}: days until each watched credential
 * expires (negative once expired, NaN when its expiry cannot be read), as of the last check.
 * Labels carry the credential's secret-free name and kind only.
 */
public final class ExpiryGauges {
    public static final String NAME = "scephub.credential.expiry.days";

    private final MultiGauge gauge;
    private final Clock clock;

    private ExpiryGauges(MultiGauge gauge, Clock clock) {
        this.gauge = gauge;
        this.clock = clock;
    }

    public static ExpiryGauges register(MeterRegistry registry, Clock clock) {
        return new ExpiryGauges(MultiGauge.builder(NAME)
                .description("Days until a credential scephub holds a reference to expires (NaN: unknown)").register(registry), clock);
    }

    /** Replaces every row with {@code credentials} (a credential no longer watched disappears). */
    public void update(List<CredentialExpiry> credentials) {
        java.time.Instant now = clock.instant();
        gauge.register(credentials.stream().map(c -> MultiGauge.Row.of(Tags.of("credential", c.name(), "kind", c.kind()),
                c.daysLeft(now).orElse(Double.NaN))).toList(), true);
    }
}
