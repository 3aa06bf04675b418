package io.scephub.core.error;

import java.util.Optional;

/**
 * A vendor answered with an error (or not at all). Carries what a support ticket needs: vendor,
 * HTTP status, the vendor's own error code and its request id.
 */
public class VendorError extends ScephubException {
    private final String vendor;
    private final int status;
    private final String vendorCode;
    private final String requestId;

    public VendorError(String vendor, int status, String vendorCode, String requestId, String message, Throwable cause) {
        super("VENDOR_" + vendor.toUpperCase(java.util.Locale.ROOT), format(vendor, status, vendorCode, requestId, message), cause);
        this.vendor = vendor;
        this.status = status;
        this.vendorCode = vendorCode;
        this.requestId = requestId;
    }

    public VendorError(String vendor, int status, String vendorCode, String requestId, String message) {
        this(vendor, status, vendorCode, requestId, message, null);
    }

    private static String format(String vendor, int status, String vendorCode, String requestId, String message) {
        StringBuilder sb = new StringBuilder(vendor).append(": ").append(message);
        if (status > 0) {
            sb.append(" (HTTP ").append(status);
            if (vendorCode != null) {
                sb.append(", ").append(vendorCode);
            }
            if (requestId != null) {
                sb.append(", request id ").append(requestId);
            }
            sb.append(')');
        }
        return sb.toString();
    }

    public String vendor() {
        return vendor;
    }

    /** HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }

    public Optional<String> vendorCode() {
        return Optional.ofNullable(vendorCode);
    }

    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }
}
