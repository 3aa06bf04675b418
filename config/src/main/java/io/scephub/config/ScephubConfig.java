package io.scephub.config;

import io.scephub.core.challenge.ChallengeTrust;
import io.scephub.core.model.DesiredState;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded and validated scephub.yaml: what to reconcile, how the hub itself runs, which MDM
 * signers it trusts for delegated SCEP challenges (empty without a {@code delegatedChallenge:} section),
 * and how drift, failures and expiries are reported ({@code sync:}, {@code notifications:}, {@code expiry:}).
 *
 * <p>{@code tenants} holds every tenant in file order; a file without {@code tenants:} has exactly one,
 * {@value Tenant#DEFAULT}, whose desired state is {@code desired}. With {@code tenants:}, {@code desired}
 * is empty: pick a tenant with {@link #forTenant}, which also gives that tenant's {@code alerting} and
 * {@code delegatedChallenge} (with {@code tenants:}, each tenant has its own; the file's is then empty).
 */
public record ScephubConfig(Path source, DesiredState desired, HubSettings hub, Optional<ChallengeTrust> delegatedChallenge,
                            Alerting alerting, List<Tenant> tenants, boolean tenanted) {

    public ScephubConfig {
        Objects.requireNonNull(delegatedChallenge, "delegatedChallenge");
        Objects.requireNonNull(alerting, "alerting");
        tenants = List.copyOf(tenants);
        if (tenants.isEmpty()) {
            throw new IllegalArgumentException("a configuration has at least one tenant");
        }
    }

    /** A single-tenant configuration: one implicit tenant, {@value Tenant#DEFAULT}. */
    public ScephubConfig(Path source, DesiredState desired, HubSettings hub, Optional<ChallengeTrust> delegatedChallenge,
                         Alerting alerting) {
        this(source, desired, hub, delegatedChallenge, alerting, List.of(Tenant.implicit(desired, alerting, delegatedChallenge)), false);
    }

    /** Drift repaired, no webhooks, expiries reported a month ahead. */
    public ScephubConfig(Path source, DesiredState desired, HubSettings hub, Optional<ChallengeTrust> delegatedChallenge) {
        this(source, desired, hub, delegatedChallenge, Alerting.DEFAULTS);
    }

    /** A configuration without delegated-challenge trust. */
    public ScephubConfig(Path source, DesiredState desired, HubSettings hub) {
        this(source, desired, hub, Optional.empty());
    }

    public Optional<Tenant> tenant(String name) {
        return tenants.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public List<String> tenantNames() {
        return tenants.stream().map(Tenant::name).toList();
    }

    /**
     * This configuration narrowed to one tenant: its desired state and delegated-challenge trust, everything else shared. What a
     * session, a plan or an apply works on; the result's only tenant is {@code name}.
     */
    public ScephubConfig forTenant(String name) {
        Tenant tenant = tenant(name).orElseThrow(() -> new IllegalArgumentException("no tenant " + name + "; known: "
                + String.join(", ", tenantNames())));
        return new ScephubConfig(source, tenant.desired(), hub, tenant.delegatedChallenge(), tenant.alerting(), List.of(tenant), tenanted);
    }

    /** The one tenant of a configuration narrowed by {@link #forTenant} (or of a single-tenant file). */
    public Tenant onlyTenant() {
        if (tenants.size() != 1) {
            throw new IllegalStateException("the configuration has " + tenants.size() + " tenants; pick one with forTenant");
        }
        return tenants.get(0);
    }
}
