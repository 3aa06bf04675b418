package io.scephub.okta;

import java.util.Optional;

/** An Okta group ({@code id} starts with {@code 00g}). */
public record OktaGroup(String id, String name, Optional<String> description) {
}
