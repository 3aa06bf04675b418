package io.scephub.okta;

import io.scephub.okta.OktaRegistrationAuthority.DelegatedValidator;
import java.util.Optional;

/** The mutable part of a registration authority (platform, challenge type and CA cannot change in place). */
public record RegistrationAuthorityUpdate(String name, String description, Optional<DelegatedValidator> delegated) {
}
