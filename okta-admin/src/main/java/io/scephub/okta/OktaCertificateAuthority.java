package io.scephub.okta;

import java.util.Optional;

/**
 * A certificate authority as Okta lists it: Okta's own ({@link Type#OKTA}) or an uploaded customer
 * CA ({@link Type#CUSTOM}). {@code id} is 40 hex digits (the SHA-1 of the CA certificate).
 */
public record OktaCertificateAuthority(String id, Type type, String name, Optional<String> description,
                                       String status, Optional<String> subject, Optional<String> notAfter) {

    /** Who runs the CA. */
    public enum Type { OKTA, CUSTOM }
}
