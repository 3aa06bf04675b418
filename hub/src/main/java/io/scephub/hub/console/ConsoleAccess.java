package io.scephub.hub.console;

import io.scephub.config.HubSettings;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a signed-in person may do on which tenant, as their groups decided at sign-in: a role on every
 * tenant ({@code server.console.viewers/operators}) and roles on single tenants
 * ({@code server.console.tenants.NAME}); on a tenant the higher of the two counts, as a token's
 * {@code tenants} restrict it on the REST API.
 *
 * @param everywhere the role on every tenant, if any
 * @param perTenant  roles on single tenants, by tenant name
 */
public record ConsoleAccess(Optional<ConsoleRole> everywhere, Map<String, ConsoleRole> perTenant) {
    public ConsoleAccess {
        perTenant = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perTenant));
    }

    /** {@code role} on every tenant. */
    public static ConsoleAccess everywhere(ConsoleRole role) {
        return new ConsoleAccess(Optional.of(role), Map.of());
    }

    /** What {@code groups} grant under {@code console}'s mapping; {@link #none()} when nothing. */
    public static ConsoleAccess of(Collection<String> groups, HubSettings.Console console) {
        Map<String, ConsoleRole> perTenant = new LinkedHashMap<>();
        console.tenants().forEach((tenant, granted) -> highest(groups, granted.viewers(), granted.operators())
                .ifPresent(role -> perTenant.put(tenant, role)));
        return new ConsoleAccess(highest(groups, console.viewers(), console.operators()), perTenant);
    }

    private static Optional<ConsoleRole> highest(Collection<String> groups, List<String> viewers, List<String> operators) {
        if (groups.stream().anyMatch(operators::contains)) {
            return Optional.of(ConsoleRole.OPERATOR);
        }
        if (groups.stream().anyMatch(viewers::contains)) {
            return Optional.of(ConsoleRole.VIEWER);
        }
        return Optional.empty();
    }

    public static ConsoleAccess none() {
        return new ConsoleAccess(Optional.empty(), Map.of());
    }

    /** True when no tenant may be seen at all. */
    public boolean isEmpty() {
        return everywhere.isEmpty() && perTenant.isEmpty();
    }

    /** The role on {@code tenant}: the higher of the role everywhere and the tenant's own; empty: may not see it. */
    public Optional<ConsoleRole> roleIn(String tenant) {
        ConsoleRole own = perTenant.get(tenant);
        if (own == ConsoleRole.OPERATOR || everywhere.isEmpty()) {
            return Optional.ofNullable(own);
        }
        return everywhere;
    }

    /** The tenants of {@code tenants} this person may see, in that order. */
    public List<String> visible(Collection<String> tenants) {
        return tenants.stream().filter(t -> roleIn(t).isPresent()).toList();
    }

    /** {@code tenant=ROLE;...} for the store's {@code tenant_roles} column (tenant names hold neither = nor ;). */
    String encodePerTenant() {
        StringBuilder out = new StringBuilder();
        perTenant.forEach((tenant, role) -> out.append(out.isEmpty() ? "" : ";").append(tenant).append('=').append(role.name()));
        return out.toString();
    }

    /** The access a stored row gives; a row from before per-tenant roles ({@code null}) has its role on every tenant. */
    static ConsoleAccess decode(String role, String perTenant) {
        Optional<ConsoleRole> everywhere = role == null || role.equals(NONE) ? Optional.empty() : Optional.of(ConsoleRole.valueOf(role));
        Map<String, ConsoleRole> roles = new LinkedHashMap<>();
        if (perTenant != null && !perTenant.isEmpty()) {
            for (String entry : perTenant.split(";")) {
                int eq = entry.lastIndexOf('=');
                roles.put(entry.substring(0, eq), ConsoleRole.valueOf(entry.substring(eq + 1)));
            }
        }
        return new ConsoleAccess(everywhere, roles);
    }

    /** The {@code role} column's value when no role holds on every tenant. */
    static final String NONE = "NONE";

    String encodeEverywhere() {
        return everywhere.map(ConsoleRole::name).orElse(NONE);
    }
}
