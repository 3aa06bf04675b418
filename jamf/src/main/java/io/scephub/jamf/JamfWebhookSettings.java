package io.scephub.jamf;

import io.scephub.core.model.Secret;

/**
 * {@code mdm.jamf.webhook}: the HTTPS URL at which Jamf reaches {@code scephub serve}'s SCEPChallenge
 * endpoint, and the HTTP Basic credentials Jamf sends there (the password a secret reference).
 */
record JamfWebhookSettings(String url, String username, Secret password) {
}
