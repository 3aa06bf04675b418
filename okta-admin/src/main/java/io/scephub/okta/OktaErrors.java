package io.scephub.okta;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.core.error.VendorError;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import okhttp3.Response;

/** Turns Okta's error answers into {@link VendorError}s; bodies other than Okta's error shape are never echoed. */
final class OktaErrors {
    static final String VENDOR = "okta";
    static final String REQUEST_ID_HEADER = "X-Okta-Request-Id";
    static final String NOT_FOUND = "E0000007";

    private final ObjectMapper mapper;

    OktaErrors(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** An admin-API error: {@code errorCode}, {@code errorSummary}, {@code errorId}, {@code errorCauses}. */
    VendorError fromApi(String method, Response response, String body) {
        String headerRequestId = response.header(REQUEST_ID_HEADER);
        String where = method + " " + response.request().url().encodedPath();
        OktaJson.Error error = parse(body, OktaJson.Error.class);
        if (error == null || error.errorCode() == null) {
            return new VendorError(VENDOR, response.code(), null, headerRequestId,
                    where + ": unexpected answer" + contentTypeNote(response));
        }
        String requestId = error.errorId() != null ? error.errorId() : headerRequestId;
        StringBuilder message = new StringBuilder(where).append(": ")
                .append(Objects.requireNonNullElse(error.errorSummary(), "no summary"));
        List<OktaJson.ErrorCause> causes = error.errorCauses() == null ? List.of() : error.errorCauses();
        String causeText = causes.stream().map(OktaJson.ErrorCause::errorSummary).filter(Objects::nonNull)
                .collect(Collectors.joining("; "));
        if (!causeText.isEmpty()) {
            message.append(" [").append(causeText).append(']');
        }
        return new VendorError(VENDOR, response.code(), error.errorCode(), requestId, message.toString());
    }

    /**
     * A token-endpoint error ({@code error}, {@code error_description}). DPoP gets its own message
     * because the fix is a switch in the Okta console, not in scephub.
     */
    VendorError fromTokenEndpoint(Response response, String body) {
        String requestId = response.header(REQUEST_ID_HEADER);
        OktaJson.OAuthError error = parse(body, OktaJson.OAuthError.class);
        if (error == null || error.error() == null) {
            return new VendorError(VENDOR, response.code(), null, requestId,
                    "access token request failed: unexpected answer" + contentTypeNote(response));
        }
        if ("invalid_dpop_proof".equals(error.error()) || "use_dpop_nonce".equals(error.error())) {
            return new VendorError(VENDOR, response.code(), error.error(), requestId,
                    "the Okta API service app requires DPoP-bound tokens, which scephub does not support. In the Okta "
                            + "admin console open the service app (Applications > your app > General > Client "
                            + "Credentials) and turn off \"Require Demonstrating Proof of Possession (DPoP) header in "
                            + "token requests\"");
        }
        String description = error.error_description() == null ? "" : ": " + error.error_description();
        return new VendorError(VENDOR, response.code(), error.error(), requestId,
                "access token request failed (" + error.error() + ")" + description);
    }

    static VendorError noAnswer(String method, String path, IOException e) {
        return new VendorError(VENDOR, 0, null, null,
                method + " " + path + ": " + io.scephub.core.http.NoAnswer.describe(e), e);
    }

    private <T> T parse(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return mapper.readValue(body, type);
        } catch (IOException e) {
            return null;
        }
    }

    private static String contentTypeNote(Response response) {
        String type = response.header("Content-Type");
        return type == null ? "" : " (" + type + ")";
    }
}
