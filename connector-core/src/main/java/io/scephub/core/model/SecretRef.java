package io.scephub.core.model;

/** A reference to a secret, never the secret: {@code ${env:NAME}} or {@code ${file:path}}. Safe to print. */
public record SecretRef(Source source, String name) {

    /** Where a secret is read from. */
    public enum Source { ENV, FILE }

    @Override
    public String toString() {
        return "${" + source.name().toLowerCase(java.util.Locale.ROOT) + ":" + name + "}";
    }
}
