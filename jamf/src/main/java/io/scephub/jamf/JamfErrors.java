package io.scephub.jamf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.core.error.VendorError;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Jamf's two error shapes as VendorError: Classic's small HTML pages and the Jamf Pro API's JSON. */
final class JamfErrors {
    static final String VENDOR = "jamf";
    private static final Pattern PARAGRAPH = Pattern.compile("<p>([^<]*)</p>");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JamfErrors() {
    }

    static VendorError fromResponse(String method, String path, int status, String body) {
        String detail = detail(body);
        String hint = switch (status) {
            case 401 -> "; the access token was refused";
            case 403 -> "; the API client's role lacks a privilege for this call";
            case 409 -> detail.contains("Duplicate name")
                    ? "; another profile already has this name (an unmanaged one: rename it or add the scephub marker to it)" : "";
            default -> "";
        };
        return new VendorError(VENDOR, status, null, null, method + " " + path + ": " + detail + hint);
    }

    /** The last paragraph of a Classic HTML error, or the Pro API's first error; never the whole body. */
    static String detail(String body) {
        if (body == null || body.isBlank()) {
            return "no details";
        }
        if (body.trim().startsWith("{")) {
            try {
                JsonNode error = MAPPER.readTree(body).path("errors").path(0);
                return error.path("code").asText("") + " " + error.path("description").asText("");
            } catch (IOException e) {
                return "unreadable error body";
            }
        }
        Matcher m = PARAGRAPH.matcher(body);
        String found = null;
        while (m.find()) {
            if (m.group(1).startsWith("Error") || found == null) {
                found = m.group(1);
            }
        }
        return found == null ? "no details" : found.trim();
    }
}
