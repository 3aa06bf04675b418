package io.scephub.okta;

import io.scephub.core.error.VendorError;
import io.scephub.core.resource.DesiredStateProblem;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Before anything is written in API mode: one cheap read per route family scephub will use (the
 * CA list, Okta's CA chain, its SCEP configurations), with the token's scope. An org that does not
 * answer them (route missing, scope not granted, role too narrow) becomes one located problem that
 * names console mode, so the plan stops before its first write and nothing is half applied.
 */
final class OktaProbe {
    private OktaProbe() {
    }

    /** Empty when the org answers every family; the reads land in {@code view}, so the plan's read costs nothing more. */
    static Optional<DesiredStateProblem> probe(OktaConnector.OktaView view) {
        Optional<DesiredStateProblem> problem = read("GET /api/v1/certificateAuthorities", view::certificateAuthorities);
        if (problem.isPresent()) {
            return problem;
        }
        OktaCertificateAuthority okta;
        try {
            okta = view.oktaCa();
        } catch (VendorError e) {
            return unanswered("GET /api/v1/certificateAuthorities?type=ROOT", e).or(() -> {
                throw e;
            });
        }
        return read("GET /api/v1/certificateAuthorities/{caId}/cert", () -> view.chain(okta.id()))
                .or(() -> read("GET /api/v1/certificateAuthorities/{caId}/registrationAuthorities",
                        () -> view.registrationAuthorities(okta.id())));
    }

    private static Optional<DesiredStateProblem> read(String route, Supplier<?> call) {
        try {
            call.get();
            return Optional.empty();
        } catch (VendorError e) {
            return unanswered(route, e).or(() -> {
                throw e;
            });
        }
    }

    /**
     * The problem for an answer that says the org does not offer the route to scephub: 404 (no such
     * route), 403 (scope or role), or a token refused for its scope. Other failures stay errors.
     */
    private static Optional<DesiredStateProblem> unanswered(String route, VendorError e) {
        boolean scope = e.vendorCode().map(code -> code.equals("invalid_scope")).orElse(false);
        if (e.status() != 404 && e.status() != 403 && !scope) {
            return Optional.empty();
        }
        String why = scope ? "the access token request was refused for its scope (grant the API service app "
                + String.join(", ", OktaSettings.DEFAULT_SCOPES) + ")"
                : e.status() == 404 ? "the org answers 404: it does not offer this route to scephub"
                : "the org answers 403: the token's scope or the admin role does not allow it";
        return Optional.of(DesiredStateProblem.ofSetting("okta.manage", "Okta does not answer " + route + " (" + why
                + "; " + e.getMessage() + "). Nothing was written. Set okta.manage: console (or manage: console in an "
                + "enrollment's okta: block) to add the SCEP configurations in the Okta Admin Console instead; plan then "
                + "prints the console steps"));
    }
}
