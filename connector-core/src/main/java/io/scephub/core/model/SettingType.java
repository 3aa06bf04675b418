package io.scephub.core.model;

/** The value types a connector setting can have; the config module parses and checks them. */
public enum SettingType {
    STRING,
    /** An absolute http(s) URL. */
    URL,
    /** A canonical UUID, e.g. an Entra tenant id. */
    UUID,
    INTEGER,
    BOOLEAN,
    /** {@code 500ms}, {@code 30s}, {@code 15m}, {@code 12h}, {@code 90d}. */
    DURATION,
    STRING_LIST,
    /** Only as a reference: {@code ${env:NAME}} or {@code ${file:path}}; a literal is an error. */
    SECRET
}
