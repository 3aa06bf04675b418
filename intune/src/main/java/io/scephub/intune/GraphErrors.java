package io.scephub.intune;

import com.microsoft.graph.beta.models.odataerrors.MainError;
import com.microsoft.graph.beta.models.odataerrors.ODataError;
import com.microsoft.kiota.ApiException;
import io.scephub.core.error.VendorError;
import java.util.Set;

/** Turns what the Graph SDK throws into {@link VendorError}: status, Graph error code, request id, never a secret. */
final class GraphErrors {

    private GraphErrors() {
    }

    static VendorError toVendorError(String action, RuntimeException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof VendorError vendorError) {
                return vendorError;
            }
        }
        if (failure instanceof ODataError odata) {
            MainError error = odata.getError();
            String code = error == null ? null : error.getCode();
            String requestId = error != null && error.getInnerError() != null ? error.getInnerError().getRequestId() : null;
            if (requestId == null) {
                requestId = header(odata, "request-id");
            }
            String message = error == null || error.getMessage() == null ? "" : ": " + error.getMessage();
            return new VendorError("intune", odata.getResponseStatusCode(), code, requestId, action + " failed" + message, failure);
        }
        if (failure instanceof ApiException api) {
            return new VendorError("intune", api.getResponseStatusCode(), null, header(api, "request-id"),
                    action + " failed: " + api.getMessage(), failure);
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new VendorError("intune", 0, null, null,
                action + " failed: " + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage()),
                failure);
    }

    private static String header(ApiException e, String name) {
        if (e.getResponseHeaders() == null) {
            return null;
        }
        Set<String> values = e.getResponseHeaders().get(name);
        return values == null || values.isEmpty() ? null : values.iterator().next();
    }
}
