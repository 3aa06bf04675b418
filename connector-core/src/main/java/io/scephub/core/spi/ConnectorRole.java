package io.scephub.core.spi;

/** Whether a connector is the identity side (Okta) or an MDM that delivers the profiles. */
public enum ConnectorRole { IDENTITY, MDM }
