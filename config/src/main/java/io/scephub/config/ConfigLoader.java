package io.scephub.config;

import io.scephub.core.challenge.ChallengeTrust;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.SettingProblem;
import io.scephub.core.model.SettingsSchema;
import io.scephub.core.spi.ConnectorProvider;
import io.scephub.core.spi.ConnectorRole;
import java.nio.file.Path;
import io.scephub.core.model.EnrollmentSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns scephub.yaml into a validated {@link ScephubConfig}. Works offline and without secrets:
 * references are checked for form here and resolved later ({@link EnvFileSecrets}). All problems
 * are collected and thrown together as one {@link ConfigException}.
 */
public final class ConfigLoader {
    static final List<String> HUB_KEYS = List.of("version", "enrollments", "state", "schedule", "server",
            DelegatedChallengeReader.SECTION, "sync", "notifications", "expiry", TenantReader.TENANTS, TenantReader.TEMPLATES,
            TenantReader.TENANT_GROUPS);
    static final int VERSION = 1;
    private static final Pattern ENROLLMENT_INDEX = Pattern.compile("^enrollments\\[([0-9]+)]");

    private final List<ConnectorProvider> providers;
    /** Section paths as a tree: {@code okta} → provider, {@code mdm} → {intune → provider, ...}. */
    private final Map<String, Object> sections;

    public ConfigLoader(List<ConnectorProvider> providers) {
        this.providers = List.copyOf(providers);
        this.sections = sectionTree(this.providers);
    }

    /** Reads, parses and validates the file; throws {@link ConfigException} listing every problem. */
    public ScephubConfig load(Path file) {
        Problems problems = new Problems(file);
        Optional<String> text = ConfigFile.read(file, problems);
        if (text.isEmpty()) {
            throw new ConfigException(problems.sorted());
        }
        Path baseDir = Optional.ofNullable(file.toAbsolutePath().getParent()).orElse(Path.of("."));
        return parse(file, text.get(), baseDir, problems);
    }

    private ScephubConfig parse(Path file, String text, Path baseDir, Problems problems) {
        Node root = compose(text, problems);
        if (root == null) {
            throw new ConfigException(problems.sorted());
        }
        Values values = new Values(problems);
        Set<String> rootKeys = new LinkedHashSet<>(HUB_KEYS);
        rootKeys.addAll(sections.keySet());
        Optional<YamlMap> read = YamlMap.read(root, "", rootKeys, problems);
        if (read.isEmpty()) {
            throw new ConfigException(problems.sorted());
        }
        YamlMap map = read.get();
        version(map, values, problems);

        HubSettings hub = new HubReader(problems, values, baseDir).read(map);
        Alerting alerting = new AlertingReader(problems, values).read(map);
        List<Tenant> tenants;
        DesiredState desired;
        boolean tenanted = map.has(TenantReader.TENANTS);
        Set<String> enrollmentNames = new LinkedHashSet<>();
        if (tenanted) {
            for (String key : sections.keySet()) {
                map.keyNode(key).ifPresent(k -> problems.at(k, key, "with tenants:, each tenant has its own " + key
                        + ": section; move it into tenants[].")); 
            }
            map.keyNode("enrollments").ifPresent(k -> problems.at(k, "enrollments", "with tenants:, enrollments belong to a"
                    + " tenant (tenants[].enrollments) or to a template (templates[].enrollments)"));
            // Signer trust is per tenant, so a challenge signed for one tenant is never accepted at another.
            map.keyNode(DelegatedChallengeReader.SECTION).ifPresent(k -> problems.at(k, DelegatedChallengeReader.SECTION,
                    "with tenants:, each tenant trusts its own signers; move delegatedChallenge: into the tenants[] entry"
                    + " whose MDM signs the challenges (tenants[].delegatedChallenge)"));
            TenantReader tenantReader = new TenantReader(problems, values, this, root, baseDir);
            tenants = tenantReader.read(map, alerting);
            desired = new DesiredState(Map.of(), List.of());
        } else {
            for (String key : List.of(TenantReader.TEMPLATES, TenantReader.TENANT_GROUPS)) {
                map.keyNode(key).ifPresent(k -> problems.at(k, key, "needs a tenants: section; templates and tenant"
                        + " groups apply to tenants (a file without tenants: is the one tenant \"default\")"));
            }
            TenantBody body = readTenant(root, map, "", problems, values, baseDir, List.of());
            desired = body.desired();
            enrollmentNames.addAll(body.declared());
            Optional<ChallengeTrust> trust = map.get(DelegatedChallengeReader.SECTION)
                    .flatMap(n -> new DelegatedChallengeReader(problems, values, baseDir).read(n, enrollmentNames));
            tenants = List.of(Tenant.implicit(desired, alerting, trust));
        }
        tokenTenants(root, hub, tenants, problems);
        Optional<ChallengeTrust> delegatedChallenge = tenanted ? Optional.empty() : tenants.get(0).delegatedChallenge();
        if (problems.any()) {
            throw new ConfigException(problems.sorted());
        }
        return new ScephubConfig(file, desired, hub, delegatedChallenge, alerting, tenants, tenanted);
    }

    /** Each {@code server.tokens[].tenants} entry and each {@code server.console.tenants} key names a tenant of this file. */
    private static void tokenTenants(Node root, HubSettings hub, List<Tenant> tenants, Problems problems) {
        Set<String> names = new java.util.TreeSet<>();
        tenants.forEach(t -> names.add(t.name()));
        hub.server().console().ifPresent(console -> console.tenants().keySet().stream().filter(t -> !names.contains(t)).forEach(t -> {
            String path = "server.console.tenants." + t;
            StringBuilder sb = new StringBuilder(Values.quote(t)).append(" is not a tenant of this file; known: ")
                    .append(String.join(", ", names));
            Suggestions.closest(t, names).ifPresent(s -> sb.append("; did you mean \"").append(s).append("\"?"));
            problems.at(NodeLocator.locate(root, path), path, sb.toString());
        }));
        List<HubSettings.ApiToken> tokens = hub.server().tokens();
        for (int i = 0; i < tokens.size(); i++) {
            List<String> allowed = tokens.get(i).tenants();
            for (int j = 0; j < allowed.size(); j++) {
                if (!names.contains(allowed.get(j))) {
                    String path = "server.tokens[" + i + "].tenants[" + j + "]";
                    StringBuilder sb = new StringBuilder(Values.quote(allowed.get(j))).append(" is not a tenant of this file; known: ")
                            .append(String.join(", ", names));
                    Suggestions.closest(allowed.get(j), names).ifPresent(s -> sb.append("; did you mean \"").append(s).append("\"?"));
                    problems.at(NodeLocator.locate(root, path), path, sb.toString());
                }
            }
        }
    }

    /** An enrollment of a tenant that a template brings, its mapping merged with the tenant's override. */
    record TemplateItem(String template, EnrollmentReader.Item item) {
    }

    /**
     * One tenant's desired state; for each enrollment from a template, that template's name; and every
     * enrollment name the tenant declares, also of enrollments with other mistakes ({@link EnrollmentReader#declaredNames}).
     */
    record TenantBody(DesiredState desired, Map<String, String> templateOf, Set<String> declared, Map<String, DriftMode> modes) {
    }

    /**
     * Reads one tenant's connector sections and enrollments from {@code map} (the file's root, or one
     * {@code tenants[]} entry whose paths start with {@code prefix}), adds the template enrollments read
     * for {@code tenant}, and runs the connectors' own checks on the result.
     */
    TenantBody readTenant(Node root, YamlMap map, String prefix, Problems problems, Values values, Path baseDir,
                          List<TemplateItem> templates) {
        Map<String, ConnectorSettings> all = new LinkedHashMap<>();
        Map<String, ConnectorSettings> clean = new LinkedHashMap<>();
        SectionReader sectionReader = new SectionReader(problems, values, prefix);
        readSections(map, sections, sectionReader, all, clean, problems);
        for (ConnectorProvider provider : providers) {
            String section = provider.settingsSchema().section();
            if (provider.role() == ConnectorRole.IDENTITY && !all.containsKey(provider.id()) && !sectionBroken(map, section)) {
                problems.at(prefix.isEmpty() ? root : map.node(), prefix + section,
                        "missing; expected the " + section + ": section (" + provider.settingsSchema().doc() + ")");
            }
        }

        List<String> configuredMdms = providers.stream()
                .filter(p -> p.role() == ConnectorRole.MDM && all.containsKey(p.id()))
                .map(ConnectorProvider::id).sorted().toList();
        List<String> knownMdms = providers.stream()
                .filter(p -> p.role() == ConnectorRole.MDM).map(ConnectorProvider::id).sorted().toList();
        Map<String, String> defaultSubjects = new LinkedHashMap<>();
        providers.forEach(p -> p.mdmTraits().ifPresent(t -> defaultSubjects.put(p.id(), t.defaultSubject())));
        Map<String, SettingsSchema> connectorBlocks = new LinkedHashMap<>();
        providers.forEach(p -> p.enrollmentSettings().ifPresent(s -> connectorBlocks.put(p.id(), s)));

        // The tenant's own enrollments and the templates' are read in one list: their names are unique together.
        // Problems in a template's part name the tenant, so one mistake shared by many tenants is one line.
        List<EnrollmentReader.Indexed> own = List.of();
        Optional<Node> ownNode = map.get("enrollments");
        List<EnrollmentReader.Item> ownItems = new ArrayList<>();
        if (ownNode.isPresent()) {
            if (ownNode.get() instanceof SequenceNode list) {
                for (int i = 0; i < list.getValue().size(); i++) {
                    ownItems.add(new EnrollmentReader.Item(list.getValue().get(i), prefix + "enrollments[" + i + "]"));
                }
            } else {
                problems.at(ownNode.get(), prefix + "enrollments", "expected a list of enrollments (- name: ...), found "
                        + Values.describe(ownNode.get()));
            }
        }
        EnrollmentReader ownReader = new EnrollmentReader(problems, values, baseDir, configuredMdms, knownMdms,
                defaultSubjects, connectorBlocks);
        own = ownReader.read(ownItems);
        // At the file's root the drift modes were read with sync: (AlertingReader.read); in a tenant they are read here.
        Map<String, DriftMode> modes = new LinkedHashMap<>();
        if (!prefix.isEmpty()) {
            modes.putAll(new AlertingReader(problems, values).modes(ownItems));
        }
        Set<String> declared = new LinkedHashSet<>(ownReader.declaredNames().keySet());

        List<Origin> origins = new ArrayList<>();
        List<EnrollmentSpec> specs = new ArrayList<>();
        Map<String, String> templateOf = new LinkedHashMap<>();
        for (EnrollmentReader.Indexed indexed : own) {
            origins.add(new Origin(ownItems.get(indexed.index()), problems));
            specs.add(indexed.spec());
        }
        if (!templates.isEmpty()) {
            String tenant = prefix.isEmpty() ? Tenant.DEFAULT : tenantName(map);
            Problems inTenant = problems.in(tenant);
            Values tenantValues = new Values(inTenant);
            EnrollmentReader templateReader = new EnrollmentReader(inTenant, tenantValues, baseDir, configuredMdms, knownMdms,
                    defaultSubjects, connectorBlocks);
            List<EnrollmentReader.Item> items = templates.stream().map(TemplateItem::item).toList();
            new AlertingReader(inTenant, tenantValues).modes(items).forEach(modes::putIfAbsent);
            for (EnrollmentReader.Indexed indexed : templateReader.read(items)) {
                String name = indexed.spec().name();
                String ownPath = ownReader.declaredNames().get(name);
                if (ownPath != null) {
                    problems.at(NodeLocator.locate(root, ownPath + ".name"), ownPath + ".name", Values.quote(name)
                            + " is also the name of an enrollment of template " + Values.quote(templates.get(indexed.index()).template())
                            + " applied to this tenant; rename it or exclude the tenant from the template");
                    continue;
                }
                declared.add(name);
                origins.add(new Origin(items.get(indexed.index()), inTenant));
                specs.add(indexed.spec());
                templateOf.put(name, templates.get(indexed.index()).template());
            }
        }
        DesiredState desired = new DesiredState(clean, specs);
        connectorChecks(root, prefix, desired, origins, problems);
        return new TenantBody(desired, templateOf, declared, modes);
    }

    private static String tenantName(YamlMap map) {
        return map.get("name").filter(n -> n instanceof ScalarNode).map(n -> ((ScalarNode) n).getValue()).orElse(map.path());
    }

    /** Where an enrollment of the desired state was written, and where its problems go. */
    private record Origin(EnrollmentReader.Item item, Problems problems) {
    }

    /** The top-level keys connector sections use ({@code okta}, {@code mdm}), which a tenant holds too. */
    Set<String> sectionKeys() {
        return sections.keySet();
    }

    private static Node compose(String text, Problems problems) {
        return ConfigFile.compose(text, problems).orElse(null);
    }

    private static void version(YamlMap map, Values values, Problems problems) {
        Optional<Node> node = map.get("version");
        if (node.isEmpty()) {
            map.missing("version", "version: " + VERSION + " at the top of the file", problems);
            return;
        }
        if (node.get() instanceof ScalarNode scalar && scalar.getTag().equals(Tag.INT)
                && scalar.getValue().equals(String.valueOf(VERSION))) {
            return;
        }
        values.text(node.get(), "version", "the number " + VERSION).ifPresent(v ->
                problems.at(node.get(), "version", Values.quote(v) + " is not a supported version; this scephub reads version: " + VERSION));
    }

    private void readSections(YamlMap map, Map<String, Object> level, SectionReader reader,
                              Map<String, ConnectorSettings> all, Map<String, ConnectorSettings> clean, Problems problems) {
        for (Map.Entry<String, Object> entry : level.entrySet()) {
            Optional<Node> node = map.get(entry.getKey());
            if (node.isEmpty()) {
                continue;
            }
            String path = map.pathOf(entry.getKey());
            if (entry.getValue() instanceof ConnectorProvider provider) {
                SectionReader.Result result = reader.read(provider.id(), provider.settingsSchema(), node.get());
                all.put(provider.id(), result.settings());
                if (result.clean()) {
                    clean.put(provider.id(), result.settings());
                }
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> group = (Map<String, Object>) entry.getValue();
                YamlMap.read(node.get(), path, group.keySet(), problems, key -> unknownConnector(path, key, group.keySet()))
                        .ifPresent(groupMap -> readSections(groupMap, group, reader, all, clean, problems));
            }
        }
    }

    private static String unknownConnector(String group, String key, Collection<String> known) {
        StringBuilder sb = new StringBuilder("no connector is installed for ").append(group).append('.').append(Values.shorten(key))
                .append("; known: ").append(String.join(", ", new TreeSet<>(known)));
        Suggestions.closest(key, known).ifPresent(s -> sb.append("; did you mean \"").append(s).append("\"?"));
        return sb.toString();
    }

    /** A section that is present but not a mapping was already reported; do not also call it missing. */
    private static boolean sectionBroken(YamlMap map, String section) {
        String top = section.split("\\.")[0];
        return map.has(top) || map.misspelt(top);
    }

    /**
     * The connectors' own offline rules. They see only the valid enrollments, so their indexes are
     * mapped back to where each enrollment was written (the tenant's list or a template) before the
     * problems are placed; their section paths get the tenant's prefix.
     */
    private void connectorChecks(Node root, String prefix, DesiredState desired, List<Origin> origins, Problems problems) {
        for (ConnectorProvider provider : providers) {
            Optional<ConnectorSettings> settings = desired.connector(provider.id());
            if (settings.isEmpty()) {
                continue;
            }
            List<SettingProblem> found;
            try {
                found = provider.validate(settings.get(), desired);
            } catch (RuntimeException e) {
                String section = prefix + provider.settingsSchema().section();
                problems.at(NodeLocator.locate(root, section), section, "connector " + provider.id()
                        + " failed while checking its settings (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
                continue;
            }
            for (SettingProblem problem : found) {
                Matcher m = ENROLLMENT_INDEX.matcher(problem.path());
                int index = m.find() ? Integer.parseInt(m.group(1)) : -1;
                if (index >= 0 && index < origins.size()) {
                    Origin origin = origins.get(index);
                    String rest = problem.path().substring(m.end());
                    Node at = NodeLocator.locate(origin.item().node(), rest.startsWith(".") ? rest.substring(1) : rest);
                    origin.problems().at(at, origin.item().path() + rest, problem.message());
                } else {
                    String path = problem.path().startsWith(prefix) ? problem.path() : prefix + problem.path();
                    problems.at(NodeLocator.locate(root, path), path, problem.message());
                }
            }
        }
    }

    static String toFilePath(String path, List<Integer> fileIndex) {
        Matcher m = ENROLLMENT_INDEX.matcher(path);
        if (!m.find()) {
            return path;
        }
        int index = Integer.parseInt(m.group(1));
        if (index >= fileIndex.size()) {
            return path;
        }
        return "enrollments[" + fileIndex.get(index) + "]" + path.substring(m.end());
    }

    static Map<String, Object> sectionTree(List<ConnectorProvider> providers) {
        Map<String, Object> root = new LinkedHashMap<>();
        Set<String> ids = new LinkedHashSet<>();
        for (ConnectorProvider provider : providers) {
            if (!ids.add(provider.id())) {
                throw new IllegalArgumentException("two connector providers have the id " + provider.id());
            }
            String section = provider.settingsSchema().section();
            String[] parts = section.split("\\.");
            if (HUB_KEYS.contains(parts[0])) {
                throw new IllegalArgumentException("connector " + provider.id() + " claims the hub's section " + parts[0]);
            }
            Map<String, Object> level = root;
            for (int i = 0; i < parts.length - 1; i++) {
                Object next = level.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
                if (!(next instanceof Map)) {
                    throw new IllegalArgumentException("section " + section + " nests inside connector section " + parts[i]);
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> nested = (Map<String, Object>) next;
                level = nested;
            }
            if (level.containsKey(parts[parts.length - 1])) {
                throw new IllegalArgumentException("two connectors claim the section " + section);
            }
            level.put(parts[parts.length - 1], provider);
        }
        return root;
    }
}
