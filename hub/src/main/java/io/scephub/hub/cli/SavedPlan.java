package io.scephub.hub.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.core.plan.Plan;
import io.scephub.core.plan.PlanJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * A plan saved by {@code plan --out}: the configuration it was made from, its fingerprint and, for
 * people, the plan as JSON (secrets masked, as in {@code --output json}). {@code apply FILE} plans
 * again and applies only if the fingerprint is the same, i.e. exactly this plan.
 */
record SavedPlan(Path file, Path config, String fingerprint, int changes, String tenant) {
    static final String FORMAT = "scephub-saved-plan";
    static final int FORMAT_VERSION = 1;
    /** A saved plan of 1,000 enrollments is a few MiB; anything far larger is not one. */
    static final int MAX_BYTES = 64 * 1024 * 1024;

    /** Writes atomically, so an interrupted write never leaves half a plan to apply. */
    static void write(Path file, Plan plan, Path config, Instant now) {
        write(file, plan, config, now, io.scephub.config.Tenant.DEFAULT);
    }

    /** As {@link #write(Path, Plan, Path, Instant)}, for {@code tenant} (apply FILE plans that tenant again). */
    static void write(Path file, Plan plan, Path config, Instant now, String tenant) {
        if (Files.isDirectory(file)) {
            throw CliError.usage("--out " + file + " is a directory; give the file to save the plan in, e.g. --out "
                    + file.resolve("scephub.plan"));
        }
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("format", FORMAT);
        root.put("format_version", FORMAT_VERSION);
        root.put("config", config.toAbsolutePath().normalize().toString());
        root.put("created", now.toString());
        root.put("fingerprint", plan.fingerprint());
        root.put("tenant", tenant);
        root.put("changes", plan.effectiveChanges().size());
        root.set("plan", new PlanJson().render(plan));
        Path target = file.toAbsolutePath().normalize();
        Path dir = target.getParent();
        try {
            Path tmp = Files.createTempFile(dir, ".scephub-plan-", ".tmp");
            try {
                Files.writeString(tmp, root.toPrettyString() + "\n", StandardCharsets.UTF_8);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw CliError.usage("cannot save the plan to " + file + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    static SavedPlan read(Path file) {
        if (Files.isDirectory(file)) {
            throw CliError.usage("saved plan " + file + " is a directory; give the file written by `scephub plan --out FILE`");
        }
        if (!Files.isRegularFile(file)) {
            throw CliError.usage("saved plan " + file + (Files.exists(file) ? " is not a regular file" : " not found")
                    + "; give the file written by `scephub plan --out FILE`");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw CliError.usage("cannot read the saved plan " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        if (bytes.length > MAX_BYTES) {
            throw notAPlan(file, "larger than 64 MiB");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(bytes);
        } catch (JsonProcessingException e) {
            throw notAPlan(file, "not JSON");
        } catch (IOException e) {
            throw notAPlan(file, "unreadable");
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            throw notAPlan(file, "no \"format\": \"" + FORMAT + "\"");
        }
        if (root.path("format_version").asInt(-1) != FORMAT_VERSION) {
            throw notAPlan(file, "format_version " + root.path("format_version") + ", this scephub reads " + FORMAT_VERSION);
        }
        String config = root.path("config").asText("");
        String fingerprint = root.path("fingerprint").asText("");
        if (config.isEmpty() || !fingerprint.matches("[0-9a-f]{64}")) {
            throw notAPlan(file, "its config or fingerprint is missing");
        }
        Path configPath;
        try {
            configPath = Path.of(config);
        } catch (java.nio.file.InvalidPathException e) {
            throw notAPlan(file, "its config is not a path");
        }
        // Plans saved before tenants existed are the default tenant's.
        String tenant = root.path("tenant").asText(io.scephub.config.Tenant.DEFAULT);
        return new SavedPlan(file, configPath, fingerprint, root.path("changes").asInt(0), tenant);
    }

    private static CliError notAPlan(Path file, String why) {
        return CliError.usage(file + " is not a plan saved by `scephub plan --out` (" + why + ")");
    }
}
