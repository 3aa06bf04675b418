package io.scephub.config;

import io.scephub.core.challenge.ChallengeTrust;
import io.scephub.core.model.DesiredState;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One tenant: an Okta org with its MDM tenants, their credentials (secret references) and the
 * enrollments it gets — its own plus those of the templates applied to it, overrides merged in.
 *
 * @param previewOf  the tenant this one is the preview of ({@code preview-of:}), for {@code promote}
 * @param templateOf for each enrollment that came from a template, that template's name
 * @param alerting   its drift modes ({@code driftMode} of the tenant, else {@code sync.driftMode}; per enrollment),
 *                   and the file's notifications and expiry warning
 * @param delegatedChallenge the MDM signers this tenant trusts for delegated challenges (its own {@code delegatedChallenge:};
 *                   a file without tenants: has the file's); empty: it trusts none
 */
public record Tenant(String name, DesiredState desired, Optional<String> previewOf, Map<String, String> templateOf,
                     Alerting alerting, Optional<ChallengeTrust> delegatedChallenge) {
    /** The name of the one tenant of a file without {@code tenants:}. */
    public static final String DEFAULT = "default";
    /** Tenant names: as enrollment names, so they are safe in paths, URLs and database keys. */
    public static final Pattern NAME = EnrollmentReader.NAME;

    public Tenant {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(previewOf, "previewOf");
        templateOf = Map.copyOf(templateOf);
        Objects.requireNonNull(alerting, "alerting");
        Objects.requireNonNull(delegatedChallenge, "delegatedChallenge");
    }

    /** A tenant that trusts no delegated-challenge signer. */
    public Tenant(String name, DesiredState desired, Optional<String> previewOf, Map<String, String> templateOf, Alerting alerting) {
        this(name, desired, previewOf, templateOf, alerting, Optional.empty());
    }

    /** The implicit tenant of a single-tenant file, trusting the file's {@code delegatedChallenge:} signers. */
    public static Tenant implicit(DesiredState desired, Alerting alerting, Optional<ChallengeTrust> delegatedChallenge) {
        return new Tenant(DEFAULT, desired, Optional.empty(), Map.of(), alerting, delegatedChallenge);
    }
}
