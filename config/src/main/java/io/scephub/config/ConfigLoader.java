package io.scephub.config;

import io.scephub.core.challenge.ChallengeTrust;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.SettingProblem;
import io.scephub.core.model.SettingsSchema;
import io.scephub.core.spi.ConnectorProvider;
import io.scephub.core.spi.ConnectorRole;
import java.nio.file.Path;
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
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns scephub.yaml into a validated {@link ScephubConfig}. Works offline and without secrets:
 * references are checked for form here and resolved later ({@link EnvFileSecrets}). All problems
 * are collected and thrown together as one {@link ConfigException}.
 */
public final class ConfigLoader {
    static final List<String> HUB_KEYS = List.of("version", "enrollments", "state", "schedule", "server",
            DelegatedChallengeReader.SECTION, "sync", "notifications", "expiry");
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

        Map<String, ConnectorSettings> all = new LinkedHashMap<>();
        Map<String, ConnectorSettings> clean = new LinkedHashMap<>();
        SectionReader sectionReader = new SectionReader(problems, values);
        readSections(map, sections, sectionReader, all, clean, problems);
        for (ConnectorProvider provider : providers) {
            String section = provider.settingsSchema().section();
            if (provider.role() == ConnectorRole.IDENTITY && !all.containsKey(provider.id()) && !sectionBroken(map, section)) {
                problems.at(root, section, "missing; expected the " + section + ": section (" + provider.settingsSchema().doc() + ")");
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
        EnrollmentReader enrollmentReader = new EnrollmentReader(problems, values, baseDir, configuredMdms, knownMdms,
                defaultSubjects, connectorBlocks);
        List<EnrollmentReader.Indexed> enrollments = map.get("enrollments").map(enrollmentReader::read).orElse(List.of());
        HubSettings hub = new HubReader(problems, values, baseDir).read(map);
        Alerting alerting = new AlertingReader(problems, values).read(map);
        Set<String> enrollmentNames = enrollmentReader.declaredNames().keySet();
        Optional<ChallengeTrust> delegatedChallenge = map.get(DelegatedChallengeReader.SECTION)
                .flatMap(n -> new DelegatedChallengeReader(problems, values, baseDir).read(n, enrollmentNames));

        DesiredState desired = new DesiredState(clean, enrollments.stream().map(EnrollmentReader.Indexed::spec).toList());
        connectorChecks(root, desired, enrollments, problems);
        if (problems.any()) {
            throw new ConfigException(problems.sorted());
        }
        return new ScephubConfig(file, desired, hub, delegatedChallenge, alerting);
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
     * mapped back to the file's before the problems are placed.
     */
    private void connectorChecks(Node root, DesiredState desired, List<EnrollmentReader.Indexed> enrollments, Problems problems) {
        List<Integer> fileIndex = enrollments.stream().map(EnrollmentReader.Indexed::index).toList();
        for (ConnectorProvider provider : providers) {
            Optional<ConnectorSettings> settings = desired.connector(provider.id());
            if (settings.isEmpty()) {
                continue;
            }
            List<SettingProblem> found;
            try {
                found = provider.validate(settings.get(), desired);
            } catch (RuntimeException e) {
                String section = provider.settingsSchema().section();
                problems.at(NodeLocator.locate(root, section), section, "connector " + provider.id()
                        + " failed while checking its settings (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
                continue;
            }
            for (SettingProblem problem : found) {
                String path = toFilePath(problem.path(), fileIndex);
                problems.at(NodeLocator.locate(root, path), path, problem.message());
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
