package io.scephub.core.model;

import java.time.Duration;

/** With Okta as the CA there is no SCEP renewal: the profile is pushed again this long before expiry. */
public record RenewalPolicy(Duration redistributeBeforeExpiry) {
}
