package io.scephub.config;

import io.scephub.core.model.SecretRef;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads {@code sync:}, {@code notifications:}, {@code expiry:} and each enrollment's {@code driftMode}. */
final class AlertingReader {
    static final String DRIFT_MODE = "driftMode";
    static final List<String> TARGET_KEYS = List.of("name", "type", "url", "secret", "events");
    private static final Pattern TARGET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private final Problems problems;
    private final Values values;

    AlertingReader(Problems problems, Values values) {
        this.problems = problems;
        this.values = values;
    }

    Alerting read(YamlMap root) {
        DriftMode mode = root.get("sync").flatMap(this::syncSection).orElse(DriftMode.REMEDIATE);
        Map<String, DriftMode> byEnrollment = root.get("enrollments").map(this::enrollmentModes).orElse(Map.of());
        List<NotificationTarget> targets = root.get("notifications").flatMap(this::targets).orElse(List.of());
        Duration warning = root.get("expiry").flatMap(this::expiry).orElse(Alerting.DEFAULT_EXPIRY_WARNING);
        return new Alerting(mode, byEnrollment, targets, warning);
    }

    private Optional<DriftMode> syncSection(Node node) {
        return YamlMap.read(node, "sync", List.of(DRIFT_MODE), problems)
                .flatMap(map -> map.get(DRIFT_MODE).flatMap(n -> mode(n, map.pathOf(DRIFT_MODE))));
    }

    private Optional<DriftMode> mode(Node node, String path) {
        return values.oneOf(node, path, DriftMode.names()).flatMap(DriftMode::of);
    }

    /** The enrollment reader checks everything else of an enrollment; only the mode is read here. */
    private Map<String, DriftMode> enrollmentModes(Node node) {
        Map<String, DriftMode> modes = new LinkedHashMap<>();
        if (!(node instanceof SequenceNode sequence)) {
            return modes;
        }
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof MappingNode mapping)) {
                continue;
            }
            Optional<Node> name = value(mapping, "name");
            Optional<Node> mode = value(mapping, DRIFT_MODE);
            if (mode.isPresent()) {
                Optional<DriftMode> read = mode(mode.get(), "enrollments[" + i + "]." + DRIFT_MODE);
                if (read.isPresent() && name.isPresent() && name.get() instanceof ScalarNode scalar) {
                    modes.putIfAbsent(scalar.getValue(), read.get());
                }
            }
        }
        return modes;
    }

    /** The drift modes of enrollments written elsewhere than the file's root (a tenant's, a template's), by name. */
    Map<String, DriftMode> modes(List<EnrollmentReader.Item> items) {
        Map<String, DriftMode> modes = new LinkedHashMap<>();
        for (EnrollmentReader.Item item : items) {
            if (!(item.node() instanceof MappingNode mapping)) {
                continue;
            }
            Optional<Node> name = value(mapping, "name");
            Optional<Node> mode = value(mapping, DRIFT_MODE);
            if (mode.isPresent()) {
                Optional<DriftMode> read = mode(mode.get(), item.path() + "." + DRIFT_MODE);
                if (read.isPresent() && name.isPresent() && name.get() instanceof ScalarNode scalar) {
                    modes.putIfAbsent(scalar.getValue(), read.get());
                }
            }
        }
        return modes;
    }

    /** A tenant's own {@code driftMode}, the default of its enrollments in place of {@code sync.driftMode}. */
    Optional<DriftMode> tenantMode(YamlMap tenant) {
        return tenant.get(DRIFT_MODE).flatMap(n -> mode(n, tenant.pathOf(DRIFT_MODE)));
    }

    private static Optional<Node> value(MappingNode mapping, String key) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return Optional.of(tuple.getValueNode());
            }
        }
        return Optional.empty();
    }

    private Optional<Duration> expiry(Node node) {
        return YamlMap.read(node, "expiry", List.of("warnBefore"), problems)
                .flatMap(map -> map.get("warnBefore").flatMap(n -> values.duration(n, map.pathOf("warnBefore"))));
    }

    private Optional<List<NotificationTarget>> targets(Node node) {
        Set<String> names = new HashSet<>();
        return values.list(node, "notifications", "webhook targets ({name, type, url, ...})", (item, path) -> target(item, path, names));
    }

    private Optional<NotificationTarget> target(Node node, String path, Set<String> names) {
        Optional<YamlMap> read = YamlMap.read(node, path, TARGET_KEYS, problems);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        YamlMap map = read.get();
        Optional<String> name = map.get("name").flatMap(n -> values.nonBlank(n, map.pathOf("name"), "a target name").flatMap(v -> {
            if (!TARGET_NAME.matcher(v).matches()) {
                problems.at(n, map.pathOf("name"), Values.quote(v) + " is not a valid target name; expected letters, digits, . _ -");
                return Optional.empty();
            }
            if (!names.add(v)) {
                problems.at(n, map.pathOf("name"), Values.quote(v) + " is used by another target; target names must be unique");
                return Optional.empty();
            }
            return Optional.of(v);
        }));
        if (!map.has("name")) {
            map.missing("name", "a name such as ops-slack", problems);
        }
        Optional<NotificationTarget.Kind> kind = map.get("type")
                .flatMap(n -> values.oneOf(n, map.pathOf("type"), NotificationTarget.Kind.names()))
                .map(v -> NotificationTarget.Kind.valueOf(v.toUpperCase(java.util.Locale.ROOT)));
        if (!map.has("type")) {
            map.missing("type", "one of " + String.join(", ", NotificationTarget.Kind.names()), problems);
        }
        Optional<NotificationTarget.Address> url = map.get("url").flatMap(n -> address(n, map.pathOf("url"), kind));
        if (!map.has("url")) {
            map.missing("url", "the webhook's URL as ${env:NAME} or ${file:path}", problems);
        }
        Optional<SecretRef> secret = map.get("secret").flatMap(n -> values.secretRef(n, map.pathOf("secret")));
        if (kind.isPresent() && kind.get() == NotificationTarget.Kind.GENERIC && !map.has("secret")) {
            map.missing("secret", "the HMAC-SHA256 key the receiver verifies with, as ${env:NAME} or ${file:path}", problems);
        }
        if (kind.isPresent() && kind.get() != NotificationTarget.Kind.GENERIC) {
            map.keyNode("secret").ifPresent(k -> problems.at(k, map.pathOf("secret"), "is only used with type: generic; "
                    + kind.get().value() + " webhooks are not signed (their URL is the credential)"));
        }
        Set<NotificationEvent> events = map.get("events").flatMap(n -> events(n, map.pathOf("events")))
                .orElse(EnumSet.allOf(NotificationEvent.class));
        if (name.isEmpty() || kind.isEmpty() || url.isEmpty() || (kind.get() == NotificationTarget.Kind.GENERIC && secret.isEmpty())
                || (kind.get() != NotificationTarget.Kind.GENERIC && map.has("secret"))) {
            return Optional.empty();
        }
        return Optional.of(new NotificationTarget(name.get(), kind.get(), url.get(),
                kind.get() == NotificationTarget.Kind.GENERIC ? secret : Optional.empty(), events));
    }

    /** Never echoes a literal: a Slack or Teams URL written into the file is a leaked credential. */
    private Optional<NotificationTarget.Address> address(Node node, String path, Optional<NotificationTarget.Kind> kind) {
        return values.text(node, path, "a secret reference (${env:NAME} or ${file:path}) to the webhook URL").flatMap(v -> {
            String trimmed = v.trim();
            if (trimmed.startsWith("${")) {
                return values.secretRef(node, path).map(NotificationTarget.Address.Reference::new);
            }
            if (kind.isPresent() && kind.get() != NotificationTarget.Kind.GENERIC) {
                problems.at(node, path, "a " + kind.get().value() + " webhook URL carries its credential; give it by reference"
                        + " (${env:NAME} or ${file:path}), not inline");
                return Optional.empty();
            }
            if (!Values.isAbsoluteHttpUrl(trimmed)) {
                problems.at(node, path, "is not an absolute http(s) URL nor a secret reference; expected e.g."
                        + " https://hooks.example.com/scephub or ${env:WEBHOOK_URL}");
                return Optional.empty();
            }
            return Optional.of(new NotificationTarget.Address.Literal(trimmed));
        });
    }

    private Optional<Set<NotificationEvent>> events(Node node, String path) {
        return values.list(node, path, "events (" + String.join(", ", NotificationEvent.names()) + ")",
                (item, itemPath) -> values.oneOf(item, itemPath, NotificationEvent.names()).flatMap(NotificationEvent::of))
                .flatMap(list -> {
                    if (list.isEmpty()) {
                        problems.at(node, path, "is empty; expected at least one of " + String.join(", ", NotificationEvent.names())
                                + " (or leave events out for all of them)");
                        return Optional.empty();
                    }
                    EnumSet<NotificationEvent> set = EnumSet.noneOf(NotificationEvent.class);
                    set.addAll(list);
                    return Optional.of(set);
                });
    }
}
