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
 * Picks up tenants added to scephub.yaml while {@code serve} runs: when the file changed (its modification time
 * or size), it is loaded again and each tenant not yet served is handed to {@link Serving#add} (its sync runner,
 * REST routes and console queue). A file that does not load is logged and the tenants served stay as they are;
 * removed tenants keep being served until a restart.
 */
public final class TenantReload implements Runnable {
    /** How often {@code serve} looks at scephub.yaml. */
    public static final Duration DEFAULT_EVERY = Duration.ofSeconds(30);
    /** Test-only: the environment variable that shortens {@link #DEFAULT_EVERY} (ISO-8601, e.g. {@code PT1S}). */
    public static final String TEST_OVERRIDE = "SCEPHUB_TEST_RELOAD_EVERY";
    private static final Logger log = LoggerFactory.getLogger(TenantReload.class);

    /** What serves the tenants: the names served now, and adding one (as {@code config}, the file just loaded, defines it). */
    public interface Serving {
        Set<String> served();

        void add(String tenant, ScephubConfig config);
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

    /** Loads the file if it changed and adds its new tenants; returns their names. */
    public synchronized List<String> reload() {
        if (!changed()) {
            return List.of();
        }
        ScephubConfig config;
        try {
            config = load.apply(file);
        } catch (RuntimeException e) {
            // A config error lists file, line and field; never a secret (values are references).
            log.warn("tenants_not_reloaded file={} error=\"{}\"", file.getFileName(), e instanceof io.scephub.core.error.ScephubException
                    ? e.getMessage() : e.getClass().getSimpleName());
            return List.of();
        }
        Set<String> served = serving.served();
        List<String> added = config.tenantNames().stream().filter(t -> !served.contains(t)).toList();
        for (String tenant : added) {
            serving.add(tenant, config);
            log.info("tenant_added tenant={} file={}", tenant, file.getFileName());
        }
        return added;
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
