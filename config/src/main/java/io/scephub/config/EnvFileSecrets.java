package io.scephub.config;

import io.scephub.core.error.SecretResolutionError;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.Secret;
import io.scephub.core.model.SecretRef;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Resolves {@code ${env:NAME}} from the given environment and {@code ${file:path}} relative to the
 * config file's directory (one trailing newline dropped, as {@code echo} and editors add one).
 * Errors name the reference and where it is used, never a value.
 */
public final class EnvFileSecrets implements SecretResolver {
    private final Map<String, String> env;
    private final Path baseDir;

    /** {@code env} is usually {@code System.getenv()}; {@code baseDir} the directory of scephub.yaml. */
    public EnvFileSecrets(Map<String, String> env, Path baseDir) {
        this.env = Map.copyOf(env);
        this.baseDir = baseDir;
    }

    @Override
    public Secret resolve(SecretRef ref) {
        return attempt(ref).orElseThrow(reason -> new SecretResolutionError(ref + ": " + reason));
    }

    /** Checks every reference in the connectors' settings and fails once, naming all that cannot be resolved. */
    public void checkAll(DesiredState state) {
        report(references(state));
    }

    /** As {@link #checkAll(DesiredState)}, plus the hub's own references (database password, token digests). */
    public void checkAll(ScephubConfig config) {
        Map<String, SecretRef> refs = references(config.desired());
        config.hub().state().password().ifPresent(ref -> refs.put("state.password", ref));
        refs.putAll(references(config.hub().server().tokens()));
        config.hub().server().console().ifPresent(console -> refs.put("server.console.clientSecret", console.clientSecret()));
        List<NotificationTarget> targets = config.alerting().notifications();
        for (int i = 0; i < targets.size(); i++) {
            if (targets.get(i).url() instanceof NotificationTarget.Address.Reference reference) {
                refs.put("notifications[" + i + "].url", reference.ref());
            }
            int index = i;
            targets.get(i).secret().ifPresent(ref -> refs.put("notifications[" + index + "].secret", ref));
        }
        report(refs);
    }

    /** The references of {@code server.tokens} that hold a token's SHA-256, by where they sit ({@code server.tokens[0].sha256}). */
    public static Map<String, SecretRef> references(List<HubSettings.ApiToken> tokens) {
        Map<String, SecretRef> refs = new TreeMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).sha256() instanceof HubSettings.TokenDigest.Reference reference) {
                refs.put(tokenPath(i), reference.ref());
            }
        }
        return refs;
    }

    /** Where the SHA-256 of the {@code i}th API token sits in scephub.yaml. */
    public static String tokenPath(int i) {
        return "server.tokens[" + i + "].sha256";
    }

    /** Every secret reference of the connectors' settings, by where it sits ({@code mdm.intune.clientSecret}), sorted. */
    public static Map<String, SecretRef> references(DesiredState state) {
        Map<String, SecretRef> refs = new TreeMap<>();
        for (ConnectorSettings settings : state.connectors().values()) {
            settings.values().forEach((key, value) -> {
                if (value instanceof SecretRef ref) {
                    refs.put(settings.section() + "." + key, ref);
                }
            });
        }
        return refs;
    }

    private void report(Map<String, SecretRef> refs) {
        List<String> failures = new ArrayList<>();
        refs.forEach((where, ref) -> attempt(ref).failure().ifPresent(reason -> failures.add(where + " " + ref + ": " + reason)));
        if (failures.isEmpty()) {
            return;
        }
        String header = failures.size() == 1 ? "1 secret reference cannot be resolved:" : failures.size() + " secret references cannot be resolved:";
        throw new SecretResolutionError(header + "\n  " + String.join("\n  ", failures));
    }

    private Outcome attempt(SecretRef ref) {
        return switch (ref.source()) {
            case ENV -> fromEnv(ref);
            case FILE -> fromFile(ref);
        };
    }

    private Outcome fromEnv(SecretRef ref) {
        String value = env.get(ref.name());
        if (value == null) {
            return Outcome.failed("environment variable " + ref.name() + " is not set");
        }
        if (value.isEmpty()) {
            return Outcome.failed("environment variable " + ref.name() + " is empty");
        }
        return Outcome.resolved(Secret.of(value, ref.toString()));
    }

    private Outcome fromFile(SecretRef ref) {
        Path file;
        try {
            file = baseDir.resolve(ref.name()).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            return Outcome.failed(Values.quote(ref.name()) + " is not a valid file path (" + e.getReason() + ")");
        }
        String shown = Values.path(file);
        if (!Files.exists(file)) {
            return Outcome.failed("file " + shown + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            return Outcome.failed(shown + " is not a regular file");
        }
        String value;
        try {
            byte[] bytes = ConfigFile.readAtMost(file, ConfigFile.MAX_BYTES);
            if (bytes.length > ConfigFile.MAX_BYTES) {
                return Outcome.failed("file " + shown + " is larger than 1 MiB; a secret is a line of text");
            }
            value = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return Outcome.failed("file " + shown + " is not UTF-8 text");
        } catch (IOException e) {
            return Outcome.failed("file " + shown + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (value.endsWith("\r\n")) {
            value = value.substring(0, value.length() - 2);
        } else if (value.endsWith("\n")) {
            value = value.substring(0, value.length() - 1);
        }
        if (value.isEmpty()) {
            return Outcome.failed("file " + file + " is empty");
        }
        String line = value.stripTrailing();
        if (!line.equals(value) && line.indexOf('\n') < 0 && line.indexOf('\r') < 0) {
            // A one-line secret (token, password) with a second line break or blanks after it: they would become part of
            // the value and break the vendor call far from here (an HTTP header cannot hold a line break).
            return Outcome.failed("file " + shown + " ends with more than the one line break that is ignored (an empty line or"
                    + " trailing blanks after the secret); remove them, e.g. printf '%s' \"$VALUE\" > " + shown);
        }
        return Outcome.resolved(Secret.of(value, ref.toString()));
    }

    /** A resolved secret or the reason it could not be resolved (which never contains the value). */
    private record Outcome(Secret secret, String reason) {
        static Outcome resolved(Secret secret) {
            return new Outcome(secret, null);
        }

        static Outcome failed(String reason) {
            return new Outcome(null, reason);
        }

        Optional<String> failure() {
            return Optional.ofNullable(reason);
        }

        <X extends Throwable> Secret orElseThrow(java.util.function.Function<String, X> error) throws X {
            if (secret == null) {
                throw error.apply(reason);
            }
            return secret;
        }
    }
}
