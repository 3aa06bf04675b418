package io.scephub.core.cert;

/** What the checked file is for; decides whether a container Okta refuses is a failure. */
public enum Purpose {
    /** A file holding only CA certificates is taken to be a chain meant for upload to Okta. */
    AUTO,
    /** The file is meant for upload to Okta as a custom CA chain, whatever it holds. */
    OKTA_UPLOAD
}
