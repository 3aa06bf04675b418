package io.scephub.config;

import io.scephub.core.model.SecretRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads the hub's own sections: {@code state:}, {@code schedule:} and {@code server:}. */
final class HubReader {
    static final List<String> STATE_KEYS = List.of("jdbcUrl", "username", "password", "dataDir", "reuseReadsFor", "parallelSyncs");
    static final List<String> SERVER_KEYS = List.of("listen", "tokens", "console");
    static final List<String> CONSOLE_KEYS = List.of("issuer", "clientId", "clientSecret", "redirectUri", "groupsClaim",
            "viewers", "operators", "trustForwardedProto", "tenants");
    static final List<String> CONSOLE_TENANT_KEYS = List.of("viewers", "operators");
    static final String DEFAULT_DATA_DIR = "./data";
    private static final Pattern HEX_64 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern LISTEN = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+):([0-9]{1,5})");
    private static final Pattern TOKEN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private final Problems problems;
    private final Values values;
    private final Path baseDir;

    HubReader(Problems problems, Values values, Path baseDir) {
        this.problems = problems;
        this.values = values;
        this.baseDir = baseDir;
    }

    HubSettings read(YamlMap root) {
        return new HubSettings(state(root.get("state")), schedule(root.get("schedule")), server(root.get("server")));
    }

    private HubSettings.State state(Optional<Node> node) {
        Path defaultDir = baseDir.resolve(DEFAULT_DATA_DIR).normalize();
        HubSettings.State fallback = HubSettings.State.embedded(defaultDir);
        if (node.isEmpty()) {
            return fallback;
        }
        Optional<YamlMap> read = YamlMap.read(node.get(), "state", STATE_KEYS, problems);
        if (read.isEmpty()) {
            return fallback;
        }
        YamlMap map = read.get();
        Optional<String> jdbcUrl = map.get("jdbcUrl").flatMap(n -> values.nonBlank(n, "state.jdbcUrl", "a JDBC URL").flatMap(url -> {
            if (url.startsWith("jdbc:")) {
                return Optional.of(url);
            }
            problems.at(n, "state.jdbcUrl", "does not start with jdbc:; expected e.g. jdbc:postgresql://db:5432/scephub");
            return Optional.empty();
        }));
        Optional<String> username = map.get("username").flatMap(n -> values.nonBlank(n, "state.username", "a database user name"));
        Optional<SecretRef> password = map.get("password").flatMap(n -> values.secretRef(n, "state.password"));
        if (!map.has("jdbcUrl")) {
            for (String key : List.of("username", "password")) {
                map.keyNode(key).ifPresent(k -> problems.at(k, "state." + key,
                        "is only used with state.jdbcUrl; the embedded database under dataDir needs no credentials"));
            }
        }
        Path dataDir = map.get("dataDir")
                .flatMap(n -> values.nonBlank(n, "state.dataDir", "a directory path"))
                .map(dir -> baseDir.resolve(dir).normalize())
                .orElse(defaultDir);
        Duration reuseReadsFor = map.get("reuseReadsFor").flatMap(n -> reuseReadsFor(n, "state.reuseReadsFor"))
                .orElse(HubSettings.State.DEFAULT_REUSE_READS_FOR);
        Optional<Integer> parallelSyncs = map.get("parallelSyncs")
                .flatMap(n -> values.integerBetween(n, "state.parallelSyncs", 1, HubSettings.State.MAX_PARALLEL_SYNCS))
                .map(Long::intValue);
        return new HubSettings.State(jdbcUrl, username, password, dataDir, reuseReadsFor, parallelSyncs);
    }

    private Optional<Duration> reuseReadsFor(Node node, String path) {
        return values.durationOrZero(node, path, "a duration such as 10m, or 0 to read every object on every plan").flatMap(d -> {
            if (d.compareTo(HubSettings.State.MAX_REUSE_READS_FOR) <= 0) {
                return Optional.of(d);
            }
            problems.at(node, path, Values.quote(((ScalarNode) node).getValue())
                    + " is longer than 24h; expected 0 to 24h (e.g. 10m), so changes made outside scephub are seen within a day");
            return Optional.empty();
        });
    }

    private HubSettings.Schedule schedule(Optional<Node> node) {
        HubSettings.Schedule fallback = new HubSettings.Schedule(HubSettings.Schedule.DEFAULT_SYNC);
        if (node.isEmpty()) {
            return fallback;
        }
        return YamlMap.read(node.get(), "schedule", List.of("sync"), problems)
                .flatMap(map -> map.get("sync"))
                .flatMap(n -> values.nonBlank(n, "schedule.sync", "a 6-field cron expression such as \"0 */15 * * * *\"").flatMap(cron -> {
                    Optional<String> problem = CronCheck.problem(cron);
                    problem.ifPresent(p -> problems.at(n, "schedule.sync", Values.quote(cron) + " " + p));
                    return problem.isPresent() ? Optional.<String>empty() : Optional.of(cron.trim());
                }))
                .map(HubSettings.Schedule::new)
                .orElse(fallback);
    }

    private HubSettings.Server server(Optional<Node> node) {
        HubSettings.Server fallback = new HubSettings.Server(HubSettings.Listen.DEFAULT, List.of());
        if (node.isEmpty()) {
            return fallback;
        }
        Optional<YamlMap> read = YamlMap.read(node.get(), "server", SERVER_KEYS, problems);
        if (read.isEmpty()) {
            return fallback;
        }
        YamlMap map = read.get();
        HubSettings.Listen listen = map.get("listen").flatMap(n -> listen(n, "server.listen")).orElse(HubSettings.Listen.DEFAULT);
        List<HubSettings.ApiToken> tokens = map.get("tokens").flatMap(n -> tokens(n, "server.tokens")).orElse(List.of());
        Optional<HubSettings.Console> console = map.get("console").flatMap(n -> console(n, "server.console"));
        return new HubSettings.Server(listen, tokens, console);
    }

    private Optional<HubSettings.Console> console(Node node, String path) {
        Optional<YamlMap> read = YamlMap.read(node, path, CONSOLE_KEYS, problems);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        YamlMap map = read.get();
        Optional<String> issuer = map.get("issuer").flatMap(n -> values.url(n, map.pathOf("issuer")));
        Optional<String> clientId = map.get("clientId").flatMap(n -> values.nonBlank(n, map.pathOf("clientId"),
                "the client id of the console's Okta OIDC app (e.g. 0oa1b2c3d4)"));
        Optional<SecretRef> clientSecret = map.get("clientSecret").flatMap(n -> values.secretRef(n, map.pathOf("clientSecret")));
        Optional<String> redirectUri = map.get("redirectUri").flatMap(n -> values.url(n, map.pathOf("redirectUri")).flatMap(uri -> {
            if (!uri.endsWith(HubSettings.Console.CALLBACK_PATH) || uri.contains("?") || uri.contains("#")) {
                problems.at(n, map.pathOf("redirectUri"), Values.quote(uri) + " does not end in " + HubSettings.Console.CALLBACK_PATH
                        + "; expected the console's own address plus " + HubSettings.Console.CALLBACK_PATH
                        + ", e.g. https://scephub.example.com" + HubSettings.Console.CALLBACK_PATH + " (register the same in the Okta app)");
                return Optional.empty();
            }
            return Optional.of(uri);
        }));
        String groupsClaim = map.get("groupsClaim").flatMap(n -> values.nonBlank(n, map.pathOf("groupsClaim"), "a claim name such as groups"))
                .orElse(HubSettings.Console.DEFAULT_GROUPS_CLAIM);
        List<String> viewers = map.get("viewers").flatMap(n -> values.stringList(n, map.pathOf("viewers"))).orElse(List.of());
        List<String> operators = map.get("operators").flatMap(n -> values.stringList(n, map.pathOf("operators"))).orElse(List.of());
        boolean trustForwardedProto = map.get("trustForwardedProto").flatMap(n -> values.bool(n, map.pathOf("trustForwardedProto")))
                .orElse(false);
        if (!map.has("issuer")) {
            map.missing("issuer", "Okta's OIDC issuer, e.g. https://example.okta.com or https://example.okta.com/oauth2/default", problems);
        }
        if (!map.has("clientId")) {
            map.missing("clientId", "the client id of the console's Okta OIDC app", problems);
        }
        if (!map.has("clientSecret")) {
            map.missing("clientSecret", "the app's client secret as ${env:NAME} or ${file:path}", problems);
        }
        if (!map.has("redirectUri")) {
            map.missing("redirectUri", "the console's sign-in callback, e.g. https://scephub.example.com" + HubSettings.Console.CALLBACK_PATH,
                problems);
        }
        java.util.Map<String, HubSettings.TenantGroups> tenants = map.get("tenants").map(n -> consoleTenants(n, map.pathOf("tenants"),
                groupsClaim)).orElse(java.util.Map.of());
        if (!map.has("viewers") && !map.has("operators") && !map.has("tenants")) {
            problems.at(node, path, "names no groups; expected viewers: [...] and/or operators: [...] (Okta group names from the "
                    + groupsClaim + " claim) or tenants: {NAME: {viewers, operators}}, or nobody could use the console");
        }
        if (issuer.isEmpty() || clientId.isEmpty() || clientSecret.isEmpty() || redirectUri.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new HubSettings.Console(trimSlash(issuer.get()), clientId.get().trim(), clientSecret.get(), redirectUri.get(),
                groupsClaim.trim(), viewers, operators, trustForwardedProto, tenants));
    }

    /** {@code server.console.tenants}: per tenant, the groups that may view or operate that tenant's pages only. */
    private java.util.Map<String, HubSettings.TenantGroups> consoleTenants(Node node, String path, String groupsClaim) {
        java.util.Map<String, HubSettings.TenantGroups> out = new java.util.LinkedHashMap<>();
        if (!(node instanceof org.yaml.snakeyaml.nodes.MappingNode mapping)) {
            problems.at(node, path, "is not a mapping; expected tenant names, each with viewers: [...] and/or operators: [...]");
            return out;
        }
        for (org.yaml.snakeyaml.nodes.NodeTuple tuple : mapping.getValue()) {
            String tenant = tuple.getKeyNode() instanceof ScalarNode key ? key.getValue() : "";
            String at = path + "." + tenant;
            Optional<YamlMap> read = YamlMap.read(tuple.getValueNode(), at, CONSOLE_TENANT_KEYS, problems);
            if (read.isEmpty()) {
                continue;
            }
            YamlMap groups = read.get();
            if (!groups.has("viewers") && !groups.has("operators")) {
                problems.at(tuple.getValueNode(), at, "names no groups; expected viewers: [...] and/or operators: [...] (Okta group names"
                        + " from the " + groupsClaim + " claim)");
            }
            out.put(tenant, new HubSettings.TenantGroups(
                    groups.get("viewers").flatMap(n -> values.stringList(n, groups.pathOf("viewers"))).orElse(List.of()),
                    groups.get("operators").flatMap(n -> values.stringList(n, groups.pathOf("operators"))).orElse(List.of())));
        }
        return out;
    }

    /** Okta's issuer has no trailing slash; the ID token's iss must equal it exactly. */
    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private Optional<HubSettings.Listen> listen(Node node, String path) {
        return values.nonBlank(node, path, "host:port such as 127.0.0.1:8443").flatMap(v -> {
            Matcher m = LISTEN.matcher(v.trim());
            if (m.matches() && Integer.parseInt(m.group(2)) <= 65535) {
                String host = m.group(1).startsWith("[") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
                return Optional.of(new HubSettings.Listen(host.toLowerCase(Locale.ROOT), Integer.parseInt(m.group(2))));
            }
            problems.at(node, path, Values.quote(v) + " is not host:port; expected e.g. 127.0.0.1:8443, 0.0.0.0:8443 or [::1]:8443"
                    + " (port 0-65535)");
            return Optional.empty();
        });
    }

    private Optional<List<HubSettings.ApiToken>> tokens(Node node, String path) {
        Map<String, Integer> names = new HashMap<>();
        return values.list(node, path, "tokens ({name, sha256})", (item, itemPath) -> token(item, itemPath, names));
    }

    private Optional<HubSettings.ApiToken> token(Node node, String path, Map<String, Integer> names) {
        Optional<YamlMap> read = YamlMap.read(node, path, List.of("name", "sha256", "tenants"), problems);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        YamlMap map = read.get();
        Optional<String> name = map.get("name").flatMap(n -> values.nonBlank(n, map.pathOf("name"), "a client name").flatMap(v -> {
            if (!TOKEN_NAME.matcher(v).matches()) {
                problems.at(n, map.pathOf("name"), Values.quote(v) + " is not a valid token name; expected letters, digits, . _ -");
                return Optional.empty();
            }
            Integer first = names.putIfAbsent(v, names.size());
            if (first != null) {
                problems.at(n, map.pathOf("name"), Values.quote(v) + " is used by another token; token names must be unique");
                return Optional.empty();
            }
            return Optional.of(v);
        }));
        if (!map.has("name")) {
            map.missing("name", "a client name such as servicenow", problems);
        }
        Optional<HubSettings.TokenDigest> digest = map.get("sha256").flatMap(n -> digest(n, map.pathOf("sha256")));
        if (!map.has("sha256")) {
            map.missing("sha256", "the token's SHA-256 as 64 hex characters, or a secret reference to it", problems);
        }
        // Which tenants exist is known only after tenants: is read; ConfigLoader checks the names then.
        Optional<List<String>> tenants = map.get("tenants").isPresent()
                ? map.get("tenants").flatMap(n -> values.stringList(n, map.pathOf("tenants")))
                : Optional.of(List.of());
        return name.isPresent() && digest.isPresent() && tenants.isPresent()
                ? Optional.of(new HubSettings.ApiToken(name.get(), digest.get(), tenants.get())) : Optional.empty();
    }

    /** Never echoes the value: someone may have pasted the token itself instead of its hash. */
    private Optional<HubSettings.TokenDigest> digest(Node node, String path) {
        return values.text(node, path, "64 hex characters or a secret reference").flatMap(v -> {
            String trimmed = v.trim();
            if (HEX_64.matcher(trimmed).matches()) {
                return Optional.of(new HubSettings.TokenDigest.Hex(trimmed.toLowerCase(Locale.ROOT)));
            }
            if (trimmed.startsWith("${")) {
                return values.secretRef(node, path).map(HubSettings.TokenDigest.Reference::new);
            }
            problems.at(node, path, "is not a SHA-256 digest; expected 64 hex characters (e.g. from: printf %s \"$TOKEN\" | sha256sum)"
                    + " or a secret reference (${env:NAME} or ${file:path})");
            return Optional.empty();
        });
    }
}
