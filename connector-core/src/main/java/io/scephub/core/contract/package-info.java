/**
 * The contract between the identity side (Okta's SCEP configuration of an enrollment) and the MDM
 * side (the profiles that send devices to it): one resource kind and its typed outputs, so no
 * connector spells the other's names.
 */
package io.scephub.core.contract;
