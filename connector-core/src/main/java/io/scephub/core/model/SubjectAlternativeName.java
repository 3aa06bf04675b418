package io.scephub.core.model;

/** One SAN entry of a certificate request, in the MDM's variable syntax (e.g. {{DeviceId}}). */
public record SubjectAlternativeName(Type type, String value) {
    /** SAN kinds every MDM can express. */
    public enum Type { DNS, EMAIL, UPN, URI }
}
