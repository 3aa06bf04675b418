package io.scephub.workspaceone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.core.error.VendorError;
import java.io.IOException;
import okhttp3.Response;

/**
 * Turns UEM's error answers ({@code {"errorCode":1001,"message":"…","activityId":"guid"}}) into
 * {@link VendorError}s. {@code errorCode} is a number in some UEM versions and a string in others;
 * both are read. Bodies of any other shape are never echoed, since they may hold secrets.
 */
final class WorkspaceOneErrors {
    static final String VENDOR = "workspaceone";

    private final ObjectMapper mapper;

    WorkspaceOneErrors(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    VendorError fromApi(String method, Response response, String body) {
        String where = method + " " + response.request().url().encodedPath();
        JsonNode error = parse(body);
        JsonNode code = error == null ? null : error.get("errorCode");
        if (code == null || !(code.isNumber() || code.isTextual())) {
            return new VendorError(VENDOR, response.code(), null, null, where + ": unexpected answer" + contentType(response));
        }
        String message = error.path("message").asText("no message");
        String activityId = error.hasNonNull("activityId") ? error.get("activityId").asText() : null;
        return new VendorError(VENDOR, response.code(), code.asText(), activityId, where + ": " + message);
    }

    /** A token-endpoint error ({@code error}, {@code error_description}). */
    VendorError fromTokenEndpoint(Response response, String body) {
        JsonNode error = parse(body);
        String code = error == null || !error.hasNonNull("error") ? null : error.get("error").asText();
        String text = code == null ? "access token request failed: unexpected answer" + contentType(response)
                : "access token request failed (" + code + ")"
                + (error.hasNonNull("error_description") ? ": " + error.get("error_description").asText() : "")
                + ("invalid_client".equals(code) ? "; check mdm.workspaceone.clientId/clientSecret and that tokenUrl is your region's" : "");
        return new VendorError(VENDOR, response.code(), code, null, text);
    }

    static VendorError noAnswer(String method, String path, IOException e) {
        return new VendorError(VENDOR, 0, null, null,
                method + " " + path + ": " + io.scephub.core.http.NoAnswer.describe(e), e);
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = mapper.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String contentType(Response response) {
        String type = response.header("Content-Type");
        return type == null ? "" : " (" + type + ")";
    }
}
