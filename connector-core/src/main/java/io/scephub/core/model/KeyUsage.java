package io.scephub.core.model;

/** Key usages a SCEP profile may request. */
public enum KeyUsage {
    DIGITAL_SIGNATURE,
    KEY_ENCIPHERMENT
}
