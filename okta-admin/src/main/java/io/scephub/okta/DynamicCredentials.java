package io.scephub.okta;

import io.scephub.core.model.Secret;

/** The account an MDM uses at a dynamic challenge URL; the password is a {@link Secret} and never printed. */
public record DynamicCredentials(String username, Secret password) {
}
