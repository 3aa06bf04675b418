package io.scephub.core.check;

/** Where an MDM says a profile stands on one device, in words every MDM's vocabulary maps to. */
public enum DeliveryState {
    /** The device installed the profile. */
    INSTALLED,
    /** The profile is on its way: assigned, but the device has not reported it installed yet. */
    PENDING,
    /** The device reported an error installing the profile. */
    FAILED,
    /** The profile does not apply to this device (e.g. another platform). */
    NOT_APPLICABLE,
    /** The device is not in the profile's scope. */
    NOT_ASSIGNED,
    /** The MDM has no status for this device and profile. */
    NO_STATUS,
    /** The MDM has no scephub profile for the enrollment at all. */
    PROFILE_MISSING
}
