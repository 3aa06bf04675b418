/**
 * The SCEP protocol (RFC 8894) as scephub checks an enrollment's SCEP URL: the HTTPS rule,
 * GetCACaps and GetCACert through the shared resilient client, and the CA certificates compared
 * with the chain Okta (or the configured custom CA) should present.
 */
package io.scephub.core.scep;
