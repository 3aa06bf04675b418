package io.scephub.sandbox;

/** Which simulated vendor a request reached; {@link #ALL} only selects, it is never recorded. */
public enum Vendor {
    OKTA,
    GRAPH,
    /** Entra ID's token endpoint on the authority host. */
    ENTRA,
    /** Jamf Pro (Classic API, Jamf Pro API and its OAuth token endpoint). */
    JAMF,
    /** Workspace ONE UEM's REST API and its OAuth token endpoint (one port). */
    WORKSPACEONE,
    ALL;

    /** Whether this selector covers a request that reached {@code actual}. */
    public boolean covers(Vendor actual) {
        return this == ALL || this == actual;
    }
}
