package io.scephub.hub.expiry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.core.expiry.CredentialExpiry;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The expiry watch as {@code doctor} prints it: one line per credential, or a JSON array. */
public final class ExpiryOutput {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExpiryOutput() {
    }

    public static void text(List<CredentialExpiry> credentials, Instant now, Duration warnBefore, PrintWriter out) {
        out.println("Expiry watch (warns " + warnBefore.toDays() + " days ahead):");
        if (credentials.isEmpty()) {
            out.println("   nothing to watch (no vendor credential readable, no custom CA chain, no challenge signer root)");
        }
        for (CredentialExpiry c : credentials) {
            CredentialExpiry.State state = c.state(now, warnBefore);
            String label = switch (state) {
                case OK -> "OK      ";
                case EXPIRING -> "WARN    ";
                case EXPIRED -> "FAIL    ";
                case UNKNOWN -> "UNKNOWN ";
            };
            String when = c.expiresAt().map(t -> (state == CredentialExpiry.State.EXPIRED ? "expired " : "expires ") + t + " ("
                    + (long) Math.floor(c.daysLeft(now).orElseThrow()) + " days)").orElse(c.unknownReason().orElse("unknown"));
            out.println("   " + label + c.kind() + "  " + c.description() + "  " + when);
            out.println("            " + c.name() + " from " + c.source());
        }
    }

    public static ArrayNode json(List<CredentialExpiry> credentials, Instant now, Duration warnBefore) {
        ArrayNode array = JSON.createArrayNode();
        for (CredentialExpiry c : credentials) {
            ObjectNode node = array.addObject();
            node.put("name", c.name()).put("kind", c.kind()).put("source", c.source()).put("description", c.description())
                    .put("state", c.state(now, warnBefore).value());
            c.expiresAt().ifPresentOrElse(t -> node.put("expiresAt", t.toString()), () -> node.putNull("expiresAt"));
            c.daysLeft(now).ifPresentOrElse(d -> node.put("daysLeft", Math.floor(d)), () -> node.putNull("daysLeft"));
            c.unknownReason().ifPresent(r -> node.put("unknownReason", r));
        }
        return array;
    }

    /** True when a credential has expired. */
    public static boolean anyExpired(List<CredentialExpiry> credentials, Instant now) {
        return credentials.stream().anyMatch(c -> c.state(now, Duration.ZERO) == CredentialExpiry.State.EXPIRED);
    }
}
