package io.scephub.okta;

/**
 * The names scephub gives its objects in Okta. Apart from {@link OktaConnector} so that offline
 * validation uses them without loading the connector (and starting its logging).
 */
final class OktaNames {
    /** Every SCEP configuration scephub creates is named with this prefix. */
    static final String RA_NAME_PREFIX = "scephub ";

    private OktaNames() {
    }

    /** The name scephub gives an enrollment's SCEP configuration in Okta. */
    static String raName(String enrollment) {
        return RA_NAME_PREFIX + enrollment;
    }
}
