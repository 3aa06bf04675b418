package io.scephub.hub.sync;

import io.scephub.config.ScephubConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks up edits of scephub.yaml while {@code serve} runs: when the file changed (its modification time or size),
 * it is loaded again; each tenant not yet served is handed to {@link Serving#add} (its sync runner, REST routes and
 * console queue), each tenant no longer in the file to {@link Serving#remove}, and the whole file to
 * {@link Serving#reloaded} (API tokens, each tenant's challenge signers); a file that did not change is reported to
 * {@link Serving#unchanged}, so a secret rotated behind an unchanged reference is noticed too. A file that does not
 * load is logged and nothing changes.
 */
public final class TenantReload implements Runnable {
    /** How often {@code serve} looks at scephub.yaml. */
    public static final Duration DEFAULT_EVERY = Duration.ofSeconds(30);
    /** Test-only: the environment variable that shortens {@link #DEFAULT_EVERY} (ISO-8601, e.g. {@code PT1S}). */
    public static final String TEST_OVERRIDE = "SCEPHUB_TEST_RELOAD_EVERY";
    private static final Logger log = LoggerFactory.getLogger(TenantReload.class);

    /** What serves the tenants: the names served now, adding one (as {@code config}, the file just loaded, defines it), removing one. */
    public interface Serving {
        Set<String> served();

        void add(String tenant, ScephubConfig config);

        void remove(String tenant);

        /** After the adds and removes: what else the file sets for the tenants served (tokens, signers). */
        void reloaded(ScephubConfig config);

        /**
         * The file is as it was: what depends only on the values behind its secret references (e.g. a rotated
         * {@code ${file:...}}) is checked again. Nothing by default.
         */
        default void unchanged() {
        }
    }

    /** What one reload changed. */
    public record Changes(List<String> added, List<String> removed) {
    }

    private final Path file;
    private final Function<Path, ScephubConfig> load;
    private final Serving serving;
    private FileTime seenModified;
    private long seenSize = -1;

    /** {@code load} reads and validates scephub.yaml (throwing on a mistake); the file as it is now counts as seen. */
    public TenantReload(Path file, Function<Path, ScephubConfig> load, Serving serving) {
        this.file = Objects.requireNonNull(file, "file");
        this.load = Objects.requireNonNull(load, "load");
        this.serving = Objects.requireNonNull(serving, "serving");
        changed();
    }

    /** How often to look, from {@code env} ({@link #TEST_OVERRIDE}) or {@link #DEFAULT_EVERY}. */
    public static Duration every(Map<String, String> env) {
        return Optional.ofNullable(env.get(TEST_OVERRIDE)).map(Duration::parse).orElse(DEFAULT_EVERY);
    }

    @Override
    public void run() {
        try {
            reload();
        } catch (RuntimeException e) {
            log.warn("tenants_not_reloaded error={}", e.getClass().getSimpleName());
        }
    }

    /** Loads the file if it changed, adds its new tenants, removes those it no longer has; returns what changed. */
    public synchronized Changes reload() {
        if (!changed()) {
            serving.unchanged();
            return new Changes(List.of(), List.of());
        }
        ScephubConfig config;
        try {
            config = load.apply(file);
        } catch (RuntimeException e) {
            // A config error lists file, line and field; never a secret (values are references).
            log.warn("tenants_not_reloaded file={} error=\"{}\"", file.getFileName(), e instanceof io.scephub.core.error.ScephubException
                    ? e.getMessage() : e.getClass().getSimpleName());
            return new Changes(List.of(), List.of());
        }
        Set<String> served = serving.served();
        List<String> added = config.tenantNames().stream().filter(t -> !served.contains(t)).toList();
        List<String> removed = served.stream().filter(t -> config.tenant(t).isEmpty()).sorted().toList();
        for (String tenant : removed) {
            serving.remove(tenant);
            log.info("tenant_removed tenant={} file={}", tenant, file.getFileName());
        }
        for (String tenant : added) {
            serving.add(tenant, config);
            log.info("tenant_added tenant={} file={}", tenant, file.getFileName());
        }
        serving.reloaded(config);
        return new Changes(added, removed);
    }

    private boolean changed() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            boolean changed = !modified.equals(seenModified) || size != seenSize;
            seenModified = modified;
            seenSize = size;
            return changed;
        } catch (IOException e) {
            return false;
        }
    }
}
