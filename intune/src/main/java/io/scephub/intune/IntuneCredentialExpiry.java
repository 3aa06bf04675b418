package io.scephub.intune;

import com.fasterxml.jackson.databind.JsonNode;
import io.scephub.core.error.VendorError;
import io.scephub.core.expiry.CredentialExpiry;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The client secrets ({@code passwordCredentials}) and certificates ({@code keyCredentials}) of the
 * app registration scephub signs in as, each with its {@code endDateTime}, read from Graph's
 * application resource. Without {@code Application.Read.All} Graph answers 403: the credential is
 * then listed as unknown with that reason, never as a failure.
 */
final class IntuneCredentialExpiry {
    static final String SOURCE = "Graph application";
    static final String NEEDS_PERMISSION = "unknown (needs Application.Read.All)";

    private final IntuneGraph graph;
    private final String clientId;

    IntuneCredentialExpiry(IntuneGraph graph, String clientId) {
        this.graph = graph;
        this.clientId = clientId;
    }

    List<CredentialExpiry> read() {
        JsonNode app;
        try {
            app = graph.application(clientId);
        } catch (VendorError e) {
            String reason = switch (e.status()) {
                case 401, 403 -> NEEDS_PERMISSION;
                case 404 -> "unknown (Graph has no app registration with appId " + clientId + " in this tenant)";
                default -> "unknown (Graph answered " + (e.status() > 0 ? "HTTP " + e.status() : "nothing") + ")";
            };
            return List.of(CredentialExpiry.unknown("intune.app-credentials/" + clientId, "client-secret", SOURCE,
                    "app registration " + clientId, reason));
        }
        String appName = app.path("displayName").asText(clientId);
        List<CredentialExpiry> out = new ArrayList<>();
        app.path("passwordCredentials").forEach(c -> out.add(credential(c, "client-secret", "passwordCredentials", appName)));
        app.path("keyCredentials").forEach(c -> out.add(credential(c, "client-certificate", "keyCredentials", appName)));
        return out;
    }

    /** Only ids, names and dates are taken: {@code hint} (the secret's first characters) is left alone. */
    private CredentialExpiry credential(JsonNode c, String kind, String member, String appName) {
        String keyId = c.path("keyId").asText("?");
        String name = "intune." + kind + "/" + keyId;
        String description = appName + (c.path("displayName").isTextual() ? " · " + c.path("displayName").asText() : "");
        String source = SOURCE + " " + member;
        try {
            return CredentialExpiry.known(name, kind, source, description, Instant.parse(c.path("endDateTime").asText()));
        } catch (DateTimeParseException e) {
            return CredentialExpiry.unknown(name, kind, source, description, "unknown (Graph gave no endDateTime)");
        }
    }
}
