package io.scephub.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads {@code tenants:}, {@code tenant-groups:} and {@code templates:}: which tenants exist, which
 * templates each gets (include by tenant or group, exclude by tenant or group), each tenant's overrides
 * merged into its copies of the templates' enrollments, and {@code preview-of:}. Each tenant's own
 * sections and enrollments are read by {@link ConfigLoader#readTenant} as a file without tenants would be.
 */
final class TenantReader {
    static final String TENANTS = "tenants";
    static final String TEMPLATES = "templates";
    static final String TENANT_GROUPS = "tenant-groups";
    static final String PREVIEW_OF = "preview-of";
    static final List<String> TENANT_KEYS = List.of("name", PREVIEW_OF, AlertingReader.DRIFT_MODE, "enrollments", "overrides",
            DelegatedChallengeReader.SECTION);
    static final List<String> TEMPLATE_KEYS = List.of("name", "applyTo", "enrollments");
    static final List<String> APPLY_KEYS = List.of("all", "tenants", "groups", "exclude");

    private final Problems problems;
    private final Values values;
    private final ConfigLoader loader;
    private final Node root;
    private final Path baseDir;

    TenantReader(Problems problems, Values values, ConfigLoader loader, Node root, Path baseDir) {
        this.problems = problems;
        this.values = values;
        this.loader = loader;
        this.root = root;
        this.baseDir = baseDir;
    }

    private record Entry(int index, String name, YamlMap map) {
        String path() {
            return TENANTS + "[" + index + "]";
        }
    }

    private record Template(int index, String name, Set<String> tenants, List<Node> enrollments) {
    }

    /** Every tenant; each gets the file's notifications and expiry warning, and its own drift modes over {@code alerting}'s. */
    List<Tenant> read(YamlMap file, Alerting alerting) {
        List<Entry> entries = entries(file.get(TENANTS).orElseThrow());
        Set<String> names = new LinkedHashSet<>();
        entries.forEach(e -> names.add(e.name()));
        Map<String, Set<String>> groups = file.get(TENANT_GROUPS).map(n -> groups(n, names)).orElse(Map.of());
        List<Template> templates = file.get(TEMPLATES).map(n -> templates(n, names, groups)).orElse(List.of());

        List<Tenant> tenants = new ArrayList<>();
        for (Entry entry : entries) {
            Map<String, MappingNode> overrides = overrides(entry, templates);
            List<ConfigLoader.TemplateItem> items = new ArrayList<>();
            for (Template template : templates) {
                if (!template.tenants().contains(entry.name())) {
                    continue;
                }
                for (int j = 0; j < template.enrollments().size(); j++) {
                    Node node = template.enrollments().get(j);
                    Node merged = nameOf(node).map(overrides::get).<Node>map(o -> merge((MappingNode) node, o)).orElse(node);
                    items.add(new ConfigLoader.TemplateItem(template.name(),
                            new EnrollmentReader.Item(merged, TEMPLATES + "[" + template.index() + "].enrollments[" + j + "]")));
                }
            }
            ConfigLoader.TenantBody body = loader.readTenant(root, entry.map(), entry.path() + ".", problems, values, baseDir, items);
            DriftMode mode = new AlertingReader(problems, values).tenantMode(entry.map()).orElse(alerting.driftMode());
            Alerting own = new Alerting(mode, body.modes(), alerting.notifications(), alerting.expiryWarning());
            // A tenant's signers are its own: its enrollment: references name its enrollments, and no other tenant trusts them.
            Optional<io.scephub.core.challenge.ChallengeTrust> trust = entry.map().get(DelegatedChallengeReader.SECTION)
                    .flatMap(n -> new DelegatedChallengeReader(problems, values, baseDir).read(n, entry.path() + ".", body.declared()));
            tenants.add(new Tenant(entry.name(), body.desired(), previewOf(entry, entries), body.templateOf(), own, trust));
        }
        return tenants;
    }

    private List<Entry> entries(Node node) {
        if (!(node instanceof SequenceNode list) || list.getValue().isEmpty()) {
            problems.at(node, TENANTS, "expected a list of tenants (- name: ..., okta: ..., mdm: ...), found " + Values.describe(node));
            return List.of();
        }
        List<String> keys = new ArrayList<>(TENANT_KEYS);
        keys.addAll(loader.sectionKeys());
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < list.getValue().size(); i++) {
            String path = TENANTS + "[" + i + "]";
            Optional<YamlMap> map = YamlMap.read(list.getValue().get(i), path, keys, problems);
            if (map.isEmpty()) {
                continue;
            }
            Optional<Node> nameNode = map.get().get("name");
            if (nameNode.isEmpty()) {
                map.get().missing("name", "the tenant's name, e.g. prod (lower-case letters, digits and -)", problems);
                continue;
            }
            Optional<String> name = values.nonBlank(nameNode.get(), path + ".name", "a tenant name such as prod");
            if (name.isEmpty()) {
                continue;
            }
            if (!Tenant.NAME.matcher(name.get()).matches()) {
                problems.at(nameNode.get(), path + ".name", Values.quote(name.get()) + " is not a valid tenant name; expected"
                        + " lower-case letters, digits and -, starting with a letter or digit, at most 63 characters (e.g. prod)");
                continue;
            }
            Integer first = seen.putIfAbsent(name.get(), i);
            if (first != null) {
                problems.at(nameNode.get(), path + ".name", Values.quote(name.get()) + " is already the name of tenants["
                        + first + "]; tenant names must be unique");
                continue;
            }
            entries.add(new Entry(i, name.get(), map.get()));
        }
        return entries;
    }

    private Map<String, Set<String>> groups(Node node, Set<String> tenants) {
        Optional<YamlMap> read = YamlMap.read(node, TENANT_GROUPS, keysOf(node), problems);
        if (read.isEmpty()) {
            return Map.of();
        }
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        for (String group : read.get().keys()) {
            String path = read.get().pathOf(group);
            Node keyNode = read.get().keyNode(group).orElseThrow();
            if (!Tenant.NAME.matcher(group).matches()) {
                problems.at(keyNode, path, Values.quote(group) + " is not a valid group name; expected lower-case letters,"
                        + " digits and - (e.g. customers)");
                continue;
            }
            if (tenants.contains(group)) {
                problems.at(keyNode, path, Values.quote(group) + " is also a tenant's name; give the group another name"
                        + " (exclude: and applyTo: take both)");
                continue;
            }
            Node members = read.get().get(group).orElseThrow();
            values.stringList(members, path).ifPresent(list -> {
                Set<String> known = new LinkedHashSet<>();
                List<Node> items = ((SequenceNode) members).getValue();
                for (int i = 0; i < list.size(); i++) {
                    if (tenants.contains(list.get(i))) {
                        known.add(list.get(i));
                    } else {
                        unknown(items.get(i), path + "[" + i + "]", list.get(i), "tenant", tenants);
                    }
                }
                if (list.isEmpty()) {
                    problems.at(members, path, "is empty; expected at least one tenant name");
                }
                groups.put(group, known);
            });
        }
        return groups;
    }

    private List<Template> templates(Node node, Set<String> tenants, Map<String, Set<String>> groups) {
        if (!(node instanceof SequenceNode list)) {
            problems.at(node, TEMPLATES, "expected a list of templates (- name: ..., applyTo: ..., enrollments: [...]), found "
                    + Values.describe(node));
            return List.of();
        }
        List<Template> templates = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < list.getValue().size(); i++) {
            String path = TEMPLATES + "[" + i + "]";
            Optional<YamlMap> read = YamlMap.read(list.getValue().get(i), path, TEMPLATE_KEYS, problems);
            if (read.isEmpty()) {
                continue;
            }
            YamlMap map = read.get();
            Optional<String> name = map.get("name").flatMap(n -> values.nonBlank(n, path + ".name", "a template name"));
            if (map.get("name").isEmpty()) {
                map.missing("name", "the template's name, e.g. oda-baseline", problems);
            }
            if (name.isPresent() && !Tenant.NAME.matcher(name.get()).matches()) {
                problems.at(map.get("name").get(), path + ".name", Values.quote(name.get()) + " is not a valid template name;"
                        + " expected lower-case letters, digits and - (e.g. oda-baseline)");
                name = Optional.empty();
            }
            if (name.isPresent()) {
                Integer first = seen.putIfAbsent(name.get(), i);
                if (first != null) {
                    problems.at(map.get("name").get(), path + ".name", Values.quote(name.get()) + " is already the name of templates["
                            + first + "]; template names must be unique");
                    name = Optional.empty();
                }
            }
            Optional<Set<String>> applied = map.get("applyTo").flatMap(n -> applyTo(n, path + ".applyTo", tenants, groups));
            if (map.get("applyTo").isEmpty()) {
                map.missing("applyTo", "where the template applies: {tenants: [...], groups: [...], exclude: [...]} or {all: true}",
                        problems);
            }
            List<Node> enrollments = List.of();
            Optional<Node> enrollmentsNode = map.get("enrollments");
            if (enrollmentsNode.isEmpty()) {
                map.missing("enrollments", "the template's enrollments, a list written like enrollments: in a tenant", problems);
            } else if (!(enrollmentsNode.get() instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
                problems.at(enrollmentsNode.get(), path + ".enrollments", "expected a non-empty list of enrollments (- name: ...), found "
                        + (enrollmentsNode.get() instanceof SequenceNode ? "an empty list" : Values.describe(enrollmentsNode.get())));
            } else {
                enrollments = seq.getValue();
            }
            if (name.isPresent() && applied.isPresent()) {
                templates.add(new Template(i, name.get(), applied.get(), enrollments));
            }
        }
        return templates;
    }

    /** The tenants a template applies to: those named, those of the groups named, or all; minus the exclusions. */
    private Optional<Set<String>> applyTo(Node node, String path, Set<String> tenants, Map<String, Set<String>> groups) {
        Optional<YamlMap> read = YamlMap.read(node, path, APPLY_KEYS, problems);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        YamlMap map = read.get();
        int before = problems.count();
        Set<String> applied = new LinkedHashSet<>();
        boolean all = map.get("all").flatMap(n -> values.bool(n, map.pathOf("all"))).orElse(false);
        if (all) {
            applied.addAll(tenants);
        }
        if (all && (map.has("tenants") || map.has("groups"))) {
            problems.at(map.keyNode("all").orElseThrow(), map.pathOf("all"), "all: true applies to every tenant; remove tenants:"
                    + " and groups: (or all:) — use exclude: to leave tenants out");
        }
        map.get("tenants").flatMap(n -> names(n, map.pathOf("tenants"), tenants, Map.of(), "tenant")).ifPresent(applied::addAll);
        map.get("groups").flatMap(n -> names(n, map.pathOf("groups"), Set.of(), groups, "tenant group")).ifPresent(applied::addAll);
        map.get("exclude").flatMap(n -> names(n, map.pathOf("exclude"), tenants, groups, "tenant or tenant group"))
                .ifPresent(applied::removeAll);
        if (!all && !map.has("tenants") && !map.has("groups") && problems.count() == before) {
            problems.at(node, path, "names no tenant; expected tenants: [...], groups: [...] or all: true");
            return Optional.empty();
        }
        if (problems.count() != before) {
            return Optional.empty();
        }
        if (applied.isEmpty()) {
            problems.at(node, path, "applies to no tenant (everything it includes is excluded); remove the template or fix exclude:");
            return Optional.empty();
        }
        return Optional.of(applied);
    }

    /** Tenant and/or group names, groups expanded to their tenants; every unknown name reported. */
    private Optional<Set<String>> names(Node node, String path, Set<String> tenants, Map<String, Set<String>> groups, String what) {
        Optional<List<String>> list = values.stringList(node, path);
        if (list.isEmpty()) {
            return Optional.empty();
        }
        Set<String> out = new LinkedHashSet<>();
        boolean ok = true;
        List<Node> items = ((SequenceNode) node).getValue();
        for (int i = 0; i < list.get().size(); i++) {
            String name = list.get().get(i);
            if (tenants.contains(name)) {
                out.add(name);
            } else if (groups.containsKey(name)) {
                out.addAll(groups.get(name));
            } else {
                Set<String> known = new TreeSet<>(tenants);
                known.addAll(groups.keySet());
                unknown(items.get(i), path + "[" + i + "]", name, what, known);
                ok = false;
            }
        }
        return ok ? Optional.of(out) : Optional.empty();
    }

    /**
     * The tenant's {@code overrides:}, by enrollment name: each must name an enrollment of a template
     * applied to this tenant, and may not rename it.
     */
    private Map<String, MappingNode> overrides(Entry entry, List<Template> templates) {
        Optional<Node> node = entry.map().get("overrides");
        if (node.isEmpty()) {
            return Map.of();
        }
        Map<String, String> offered = new LinkedHashMap<>();
        for (Template template : templates) {
            if (template.tenants().contains(entry.name())) {
                template.enrollments().forEach(e -> nameOf(e).ifPresent(n -> offered.putIfAbsent(n, template.name())));
            }
        }
        String path = entry.path() + ".overrides";
        Optional<YamlMap> read = YamlMap.read(node.get(), path, keysOf(node.get()), problems);
        if (read.isEmpty()) {
            return Map.of();
        }
        Map<String, MappingNode> overrides = new LinkedHashMap<>();
        for (String enrollment : read.get().keys()) {
            Node keyNode = read.get().keyNode(enrollment).orElseThrow();
            String at = read.get().pathOf(enrollment);
            if (!offered.containsKey(enrollment)) {
                StringBuilder sb = new StringBuilder(Values.quote(enrollment)).append(" is not an enrollment of a template applied to tenant ")
                        .append(Values.quote(entry.name()));
                sb.append(offered.isEmpty() ? " (no template applies to it)" : "; expected one of: " + String.join(", ", offered.keySet()));
                Suggestions.closest(enrollment, offered.keySet()).ifPresent(s -> sb.append("; did you mean \"").append(s).append("\"?"));
                problems.at(keyNode, at, sb.toString());
                continue;
            }
            Node value = read.get().get(enrollment).orElseThrow();
            if (!(value instanceof MappingNode mapping)) {
                problems.at(value, at, "expected a mapping of the enrollment keys to change, found " + Values.describe(value));
                continue;
            }
            Optional<NodeTuple> rename = mapping.getValue().stream()
                    .filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("name")).findFirst();
            if (rename.isPresent()) {
                problems.at(rename.get().getKeyNode(), at + ".name", "an override cannot rename the template's enrollment;"
                        + " remove name: (write a tenant enrollment of its own instead)");
                continue;
            }
            overrides.put(enrollment, mapping);
        }
        return overrides;
    }

    private Optional<String> previewOf(Entry entry, List<Entry> entries) {
        Optional<Node> node = entry.map().get(PREVIEW_OF);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        String path = entry.path() + "." + PREVIEW_OF;
        Optional<String> target = values.nonBlank(node.get(), path, "the name of the tenant this one previews");
        if (target.isEmpty()) {
            return Optional.empty();
        }
        Set<String> names = new TreeSet<>();
        entries.forEach(e -> names.add(e.name()));
        if (target.get().equals(entry.name())) {
            problems.at(node.get(), path, "a tenant cannot be the preview of itself; name the production tenant");
            return Optional.empty();
        }
        Optional<Entry> prod = entries.stream().filter(e -> e.name().equals(target.get())).findFirst();
        if (prod.isEmpty()) {
            unknown(node.get(), path, target.get(), "tenant", names);
            return Optional.empty();
        }
        if (prod.get().map().has(PREVIEW_OF)) {
            problems.at(node.get(), path, Values.quote(target.get()) + " is itself a preview (of another tenant); promote"
                    + " one ring at a time: make this tenant the preview of a tenant that is not a preview");
            return Optional.empty();
        }
        return target;
    }

    private void unknown(Node node, String path, String name, String what, Collection<String> known) {
        StringBuilder sb = new StringBuilder(Values.quote(name)).append(" is not a ").append(what).append(" of this file");
        Optional<String> suggestion = Suggestions.closest(name, known);
        if (suggestion.isPresent()) {
            sb.append("; did you mean \"").append(suggestion.get()).append("\"?");
        } else if (!known.isEmpty()) {
            sb.append("; known: ").append(String.join(", ", new TreeSet<>(known)));
        }
        problems.at(node, path, sb.toString());
    }

    /** Every key of a mapping whose keys are names the user chooses (groups, overrides); other nodes give none. */
    private static List<String> keysOf(Node node) {
        List<String> keys = new ArrayList<>();
        if (node instanceof MappingNode mapping) {
            for (NodeTuple t : mapping.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) {
                    keys.add(k.getValue());
                }
            }
        }
        return keys;
    }

    private static Optional<String> nameOf(Node enrollment) {
        if (enrollment instanceof MappingNode mapping) {
            for (NodeTuple t : mapping.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("name") && t.getValueNode() instanceof ScalarNode v) {
                    return Optional.of(v.getValue());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * {@code base} with {@code over} laid on top: mappings merge key by key, anything else (a list, a
     * value) is replaced whole. The nodes keep their own positions, so a problem in an overridden value
     * points at the override's line and one in an inherited value at the template's.
     */
    static MappingNode merge(MappingNode base, MappingNode over) {
        Map<String, NodeTuple> tuples = new LinkedHashMap<>();
        List<NodeTuple> others = new ArrayList<>();
        for (NodeTuple t : base.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k) {
                tuples.putIfAbsent(k.getValue(), t);
            } else {
                others.add(t);
            }
        }
        for (NodeTuple t : over.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                others.add(t);
                continue;
            }
            NodeTuple existing = tuples.get(k.getValue());
            if (existing != null && existing.getValueNode() instanceof MappingNode b && t.getValueNode() instanceof MappingNode o) {
                tuples.put(k.getValue(), new NodeTuple(existing.getKeyNode(), merge(b, o)));
            } else {
                tuples.put(k.getValue(), t);
            }
        }
        List<NodeTuple> merged = new ArrayList<>(tuples.values());
        merged.addAll(others);
        return new MappingNode(base.getTag(), true, merged, base.getStartMark(), base.getEndMark(), base.getFlowStyle());
    }
}
