package io.scephub.hub.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.hub.Hub;
import io.scephub.hub.HubEnvironment;
import io.scephub.hub.state.AuditLog;
import io.scephub.hub.state.StateStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scephub audit ...}: checks and exports the state store's hash-chained audit log. */
@Command(name = "audit", description = "Check the audit log's hash chain, or export it as JSON lines for a SIEM.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class, AuditCommand.Checkpoint.class})
public final class AuditCommand extends CommandGroup {
    /** Exit code of {@code audit verify} when the chain is broken. */
    public static final int EXIT_BROKEN = 3;

    /** Opens the state store that {@code config} names (its {@code state:} section). */
    static StateStore open(HubEnvironment env, Path config) {
        Path file = env.resolve(config);
        Hub hub = Hub.create(env);
        // The runtime has no long-lived parts here: closing its store closes all it opened.
        return hub.runtime(hub.load(file)).store();
    }

    /** {@code scephub audit verify}: walks the whole chain. */
    @Command(name = "verify", exitCodeOnInvalidInput = ScephubCommand.EXIT_ERROR,
            description = {"Check every audit record: seq numbers consecutive from 1, each record linked to the hash of the one",
                    "before it, each hash recomputed from the record. Exit code: 0 intact, 3 broken (the first broken",
                    "record is printed), 1 error."})
    public static final class Verify extends Subcommand {
        @Mixin
        private ConfigOptions options;

        @Option(names = "--checkpoint", paramLabel = "FILE",
                description = "Also check that the record a checkpoint (`scephub audit checkpoint`) named is still there, unchanged:"
                        + " this detects deleted newest records, which the chain alone cannot show.")
        private Path checkpoint;

        @Option(names = "--key", paramLabel = "REF",
                description = "With --checkpoint: the key the checkpoint was signed with, as ${env:NAME} or ${file:path};"
                        + " an unsigned or altered checkpoint then fails the check.")
        private String key;

        @Mixin
        private TenantOption tenant;

        @Override
        public Integer call() throws Exception {
            HubEnvironment env = root().env();
            Hub hub = Hub.create(env);
            io.scephub.config.ScephubConfig config = hub.load(env.resolve(options.config));
            java.util.List<String> tenants = tenant.select(config);
            if (checkpoint != null && tenants.size() > 1) {
                throw CliError.usage("--checkpoint holds one tenant's chain head; name the tenant with --tenant (the file has "
                        + String.join(", ", tenants) + ")");
            }
            if (key != null && checkpoint == null) {
                throw CliError.usage("--key checks a checkpoint's signature; give the checkpoint with --checkpoint FILE");
            }
            Optional<AuditCheckpoint> expected = Optional.ofNullable(checkpoint).map(f -> AuditCheckpoint.read(env.resolve(f)));
            signingKey = Optional.ofNullable(key).map(k -> AuditCheckpoint.key(k, env));
            // Each tenant's chain is verified on its own: its seq numbers start at 1 and it links only its own records.
            try (StateStore store = hub.runtime(config).store()) {
                return PerTenant.sequential(spec.commandLine(), options.output == ConfigOptions.OutputFormat.json, config, tenants,
                        one -> verify(new AuditLog(store.dataSource(), env.clock(), one.onlyTenant().name()), expected));
            }
        }

        private Optional<io.scephub.core.model.Secret> signingKey = Optional.empty();

        private int verify(AuditLog log, Optional<AuditCheckpoint> expected) {
            PrintWriter out = spec.commandLine().getOut();
            AuditLog.Verification result;
            {
                result = log.verify();
                Optional<String> untrusted = expected.flatMap(e -> signingKey.flatMap(k -> e.untrusted(k, log.tenant(), checkpoint)));
                Optional<String> behind = untrusted.isPresent() ? untrusted : result.intact() && expected.isPresent()
                        ? expected.get().mismatch(log, checkpoint) : Optional.empty();
                if (behind.isPresent()) {
                    if (options.output == ConfigOptions.OutputFormat.json) {
                        out.println(Json.MAPPER.createObjectNode().put("intact", false).put("checked", result.checked())
                                .put("checkpoint", behind.get()).toPrettyString());
                    } else {
                        out.println("audit log BROKEN: " + behind.get() + "; the " + result.checked() + " records still there verify");
                    }
                    out.flush();
                    return EXIT_BROKEN;
                }
            }
            if (options.output == ConfigOptions.OutputFormat.json) {
                ObjectNode node = Json.MAPPER.createObjectNode().put("intact", result.intact()).put("checked", result.checked());
                result.broken().ifPresent(b -> {
                    ObjectNode first = node.putObject("firstBroken");
                    first.put("seq", b.seq()).put("recordedAt", b.recordedAt().toString()).put("event", b.event())
                            .put("runId", b.runId());
                    result.reason().ifPresent(r -> first.put("reason", r));
                });
                out.println(node.toPrettyString());
            } else if (result.intact()) {
                out.println("audit log intact: " + result.checked() + " records verified");
            } else {
                AuditLog.Entry b = result.broken().get();
                out.println("audit log BROKEN at seq " + b.seq() + " (" + b.event() + ", run " + b.runId() + ", recorded "
                        + b.recordedAt() + "): " + result.reason().orElse("") + "; " + verifiedBefore(result.checked() - 1));
            }
            out.flush();
            return result.intact() ? 0 : EXIT_BROKEN;
        }
    }

    /** {@code scephub audit checkpoint}: writes the chain's head to a file to keep elsewhere. */
    @Command(name = "checkpoint", exitCodeOnInvalidInput = ScephubCommand.EXIT_ERROR,
            description = {"Write the newest audit record's seq and hash to FILE. Keep it where whoever can write the state store",
                    "cannot (a SIEM, a ticket, another host); `audit verify --checkpoint FILE` then detects records deleted from",
                    "the end of the log, which the hash chain alone cannot show."})
    public static final class Checkpoint extends Subcommand {
        @Mixin
        private ConfigOptions options;

        @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write the checkpoint (JSON).")
        private Path outFile;

        @Option(names = "--key", paramLabel = "REF",
                description = "Sign the checkpoint (HMAC-SHA256) with this key, given as ${env:NAME} or ${file:path}; keep the key"
                        + " where whoever can write the state store cannot, and pass it to `audit verify --key`.")
        private String key;

        @Override
        public Integer call() throws IOException {
            HubEnvironment env = root().env();
            Optional<io.scephub.core.model.Secret> signing = Optional.ofNullable(key).map(k -> AuditCheckpoint.key(k, env));
            Optional<AuditCheckpoint> head;
            try (StateStore store = open(env, options.config)) {
                head = AuditCheckpoint.head(new AuditLog(store.dataSource(), env.clock()), signing);
            }
            if (head.isEmpty()) {
                spec.commandLine().getErr().println("error: the audit log is empty; there is no head to checkpoint yet");
                return ScephubCommand.EXIT_ERROR;
            }
            head.get().write(env.resolve(outFile));
            spec.commandLine().getOut().println("audit checkpoint: seq " + head.get().seq() + ", hash " + head.get().hash().substring(0, 12)
                    + "…" + (signing.isPresent() ? ", signed," : "") + " written to " + outFile + "; keep it outside the state store's reach");
            return 0;
        }
    }

    /** How many records before the broken one verified (the broken one is the last checked). */
    static String verifiedBefore(long n) {
        return n == 0 ? "no record before it verifies" : n == 1 ? "the 1 record before it verifies" : "the " + n + " records before it verify";
    }

    /** {@code scephub audit export}: JSON lines, one per record, oldest first. */
    @Command(name = "export", exitCodeOnInvalidInput = ScephubCommand.EXIT_ERROR,
            description = {"Write audit records as JSON lines (one object per record, oldest first) for a SIEM. Fields:",
                    "seq, recordedAt, runId, event, subject, detail, fields (detail's key=value pairs), prevHash, hash.",
                    "Records hold names, statuses and hashes only, never secrets or tokens."})
    public static final class Export extends Subcommand {
        @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "scephub.yaml",
                description = "The desired-state file naming the state store (default: ${DEFAULT-VALUE}).")
        private Path config;

        @Option(names = "--since", paramLabel = "WHEN",
                description = "Only records from then on: an instant (2026-12-01T08:00:00Z), a UTC date (2026-12-01) or an age (30m, 24h, 7d).")
        private String since;

        @Option(names = "--after-seq", paramLabel = "SEQ",
                description = "Only records after this seq (for incremental shipping: pass the last seq exported).")
        private Long afterSeq;

        @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE (replaced when complete) instead of standard output.")
        private Path outFile;

        @Override
        public Integer call() throws IOException {
            HubEnvironment env = root().env();
            PrintWriter err = spec.commandLine().getErr();
            Instant from = null;
            if (since != null) {
                try {
                    from = parseSince(since, env.clock().instant());
                } catch (IllegalArgumentException e) {
                    err.println("error: --since: " + e.getMessage());
                    return ScephubCommand.EXIT_ERROR;
                }
            }
            if (afterSeq != null && afterSeq < 0) {
                err.println("error: --after-seq: " + afterSeq + " is negative; expected the seq of the last record exported (0: all)");
                return ScephubCommand.EXIT_ERROR;
            }
            long[] count = {0};
            long[] last = {-1};
            Path target = outFile == null ? null : env.resolve(outFile);
            Path temporary = target == null ? null : ExportTemporary.create(target);
            try (StateStore store = open(env, config);
                 Writer writer = target == null ? unclosable(spec.commandLine().getOut())
                         : new BufferedWriter(Files.newBufferedWriter(temporary, StandardCharsets.UTF_8))) {
                AuditLog log = new AuditLog(store.dataSource(), env.clock());
                Instant start = from;
                long after = afterSeq == null ? 0 : afterSeq;
                java.util.function.Consumer<AuditLog.Entry> write = e -> {
                    if (e.seq() <= after || (start != null && e.recordedAt().isBefore(start))) {
                        return;
                    }
                    try {
                        writer.write(line(e));
                        writer.write('\n');
                    } catch (IOException x) {
                        throw new UncheckedIOException(x);
                    }
                    count[0]++;
                    last[0] = e.seq();
                };
                if (start != null && afterSeq == null) {
                    log.forEachSince(start, write);
                } else {
                    log.forEach(after, write);
                }
                writer.flush();
            } catch (RuntimeException | IOException e) {
                if (temporary != null) {
                    Files.deleteIfExists(temporary);
                }
                throw e;
            }
            if (target != null) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            err.println("exported " + count[0] + " audit records" + (count[0] > 0 ? " (last seq " + last[0] + ")" : "")
                    + (target == null ? "" : " to " + target));
            err.flush();
            return 0;
        }

        /** Standard output stays open for picocli after the export. */
        private static Writer unclosable(Writer out) {
            return new java.io.FilterWriter(out) {
                @Override
                public void close() throws IOException {
                    flush();
                }
            };
        }

        /** One record as a JSON object; the field names are part of the documented interface (README). */
        static String line(AuditLog.Entry e) {
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.put("seq", e.seq());
            node.put("recordedAt", e.recordedAt().toString());
            node.put("runId", e.runId());
            node.put("event", e.event());
            node.put("subject", e.subject());
            node.put("detail", e.detail());
            ObjectNode fields = node.putObject("fields");
            AuditLog.fields(e.detail()).forEach(fields::put);
            node.put("prevHash", e.prevHash());
            node.put("hash", e.hash());
            return node.toString();
        }

        static Instant parseSince(String text, Instant now) {
            Matcher age = Pattern.compile("(\\d{1,6})([smhd])").matcher(text);
            if (age.matches()) {
                long n = Long.parseLong(age.group(1));
                Duration d = switch (age.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
                return now.minus(d);
            }
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                // not an instant; a date?
            }
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
                throw new IllegalArgumentException("\"" + shown.replaceAll("[^\\x20-\\x7e]", "?")
                        + "\" is not an instant (2026-12-01T08:00:00Z), a date (2026-12-01) or an age (30m, 24h, 7d)");
            }
        }
    }

    /** Built on first use, so that listing the commands (help) does not load Jackson. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
