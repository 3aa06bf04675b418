package io.scephub.core.devices;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The certificate a device holds from an enrollment's profile, as the MDM reports it; every part
 * the MDM does not report is empty.
 *
 * @param vendorState the MDM's own word for the certificate (Intune {@code certificateIssuanceState},
 *                    Jamf {@code certificateStatus}); empty when the MDM has none
 * @param errorCode the MDM's error code for a failed issuance, when it reports one
 */
public record CertificateState(Optional<String> vendorState, Optional<Instant> issuedAt, Optional<Instant> expiresAt,
                               Optional<String> thumbprint, Optional<String> serialNumber, Optional<String> errorCode) {
    public CertificateState {
        Objects.requireNonNull(vendorState, "vendorState");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(thumbprint, "thumbprint");
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(errorCode, "errorCode");
    }
}
