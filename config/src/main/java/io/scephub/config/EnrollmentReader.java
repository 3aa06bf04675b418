package io.scephub.config;

import io.scephub.core.model.CaSpec;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.SettingsSchema;
import io.scephub.core.model.CertificateSpec;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.ExtendedKeyUsage;
import io.scephub.core.model.GroupScope;
import io.scephub.core.model.KeyUsage;
import io.scephub.core.model.Platform;
import io.scephub.core.model.RenewalPolicy;
import io.scephub.core.model.SecretRef;
import io.scephub.core.model.SubjectAlternativeName;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads the {@code enrollments:} list into {@link EnrollmentSpec}s, keeping each one's index in the file. */
final class EnrollmentReader {
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    static final List<String> KEYS = List.of("name", "platform", "mdm", "challenge", "ca", "certificate", "groups", "renewal",
            "rotateSecretEvery", AlertingReader.DRIFT_MODE);
    static final List<String> CERTIFICATE_KEYS = List.of("subject", "subjectAlternativeNames", "keySize", "hashAlgorithm",
            "keyUsage", "extendedKeyUsages", "validity", "renewalThresholdPercent");
    static final List<String> KEY_SIZES = List.of("1024", "2048", "3072", "4096");
    static final List<String> HASH_ALGORITHMS = List.of("sha1", "sha256", "sha384", "sha512");
    static final List<String> KEY_USAGES = List.of("digitalSignature", "keyEncipherment");
    static final List<String> SAN_TYPES = List.of("dns", "email", "upn", "uri");
    static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");
    static final int DEFAULT_KEY_SIZE = 2048;
    static final String DEFAULT_HASH = "sha256";
    static final Period DEFAULT_VALIDITY = Period.ofYears(1);
    static final int DEFAULT_RENEWAL_THRESHOLD = 20;

    /** An enrollment that passed every check, with its position in the file. */
    record Indexed(int index, EnrollmentSpec spec) {
    }

    private final Problems problems;
    private final Map<String, SettingsSchema> connectorBlocks;
    private final List<String> keys;
    private final Values values;
    private final ChainReader chains;
    private final Path baseDir;
    private final List<String> configuredMdms;
    private final List<String> knownMdms;
    /** Each MDM's default subject, as its connector provider declares it. */
    private final Map<String, String> defaultSubjects;
    /** Every well-formed, unique name in the file, also of enrollments with other mistakes. */
    private final Map<String, String> names = new java.util.LinkedHashMap<>();

    EnrollmentReader(Problems problems, Values values, Path baseDir, List<String> configuredMdms, List<String> knownMdms,
                     Map<String, String> defaultSubjects) {
        this(problems, values, baseDir, configuredMdms, knownMdms, defaultSubjects, Map.of());
    }

    /**
     * @param connectorBlocks the settings each connector lets an enrollment carry in a block named after it, by connector id
     */
    EnrollmentReader(Problems problems, Values values, Path baseDir, List<String> configuredMdms, List<String> knownMdms,
                     Map<String, String> defaultSubjects, Map<String, SettingsSchema> connectorBlocks) {
        this.connectorBlocks = new java.util.TreeMap<>(connectorBlocks);
        this.keys = new ArrayList<>(KEYS);
        this.keys.addAll(this.connectorBlocks.keySet());
        this.problems = problems;
        this.values = values;
        this.chains = new ChainReader(problems);
        this.baseDir = baseDir;
        this.configuredMdms = List.copyOf(configuredMdms);
        this.knownMdms = List.copyOf(knownMdms);
        this.defaultSubjects = Map.copyOf(defaultSubjects);
    }

    /** One enrollment mapping to read and the path its problems are reported under. */
    record Item(Node node, String path) {
    }

    List<Indexed> read(Node node) {
        if (!(node instanceof SequenceNode sequence)) {
            problems.at(node, "enrollments", "expected a list of enrollments (- name: ...), found " + Values.describe(node));
            return List.of();
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            items.add(new Item(sequence.getValue().get(i), "enrollments[" + i + "]"));
        }
        return read(items);
    }

    /** Reads {@code items} as one list: names unique among them; {@link Indexed#index()} is the position in it. */
    List<Indexed> read(List<Item> items) {
        List<Indexed> out = new ArrayList<>();
        Map<String, CustomCaUse> customCas = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            int before = problems.count();
            Optional<EnrollmentSpec> spec = readOne(items.get(i).node(), items.get(i).path(), i, names, customCas);
            if (spec.isPresent() && problems.count() == before) {
                out.add(new Indexed(i, spec.get()));
            }
        }
        return out;
    }

    /**
     * The names the file declares, by file index, including enrollments that have other mistakes:
     * a reference to one of them is not "unknown", the enrollment itself is what needs fixing.
     */
    Map<String, String> declaredNames() {
        return java.util.Collections.unmodifiableMap(names);
    }

    private record CustomCaUse(String path, CaSpec.CustomCa ca) {
    }

    private Optional<EnrollmentSpec> readOne(Node node, String path, int index, Map<String, String> names,
                                             Map<String, CustomCaUse> customCas) {
        Optional<YamlMap> read = YamlMap.read(node, path, keys, problems);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        YamlMap map = read.get();

        Optional<String> name = required(map, "name", "a name such as windows-intune").flatMap(n -> name(n, map, path, names));
        Optional<Platform> platform = required(map, "platform", "macos or windows")
                .flatMap(n -> values.oneOf(n, map.pathOf("platform"), List.of("macos", "windows")))
                .flatMap(Platform::fromConfigName);
        Optional<String> mdm = required(map, "mdm", "the id of a connector configured under mdm:")
                .flatMap(n -> mdm(n, map.pathOf("mdm")));
        Optional<ChallengeType> challenge = required(map, "challenge", "static, dynamic or delegated")
                .flatMap(n -> values.oneOf(n, map.pathOf("challenge"), List.of("static", "dynamic", "delegated")))
                .flatMap(ChallengeType::fromConfigName);
        Optional<CaSpec> ca = map.get("ca").isPresent()
                ? ca(map.get("ca").get(), map.pathOf("ca"), path, customCas)
                : Optional.of(new CaSpec.OktaCa());
        Optional<CertificateSpec> certificate = certificate(map, mdm);
        Optional<GroupScope> groups = required(map, "groups", "a mapping with include: [group names]")
                .flatMap(n -> groups(n, map.pathOf("groups")));
        Optional<RenewalPolicy> renewal = Optional.empty();
        boolean renewalOk = true;
        if (map.get("renewal").isPresent()) {
            renewal = renewal(map.get("renewal").get(), map.pathOf("renewal"));
            renewalOk = renewal.isPresent();
        }
        Optional<Duration> rotate = Optional.empty();
        boolean rotateOk = true;
        if (map.get("rotateSecretEvery").isPresent()) {
            Node rotateNode = map.get("rotateSecretEvery").get();
            rotate = values.duration(rotateNode, map.pathOf("rotateSecretEvery"));
            rotateOk = rotate.isPresent();
            if (rotateOk && challenge.isPresent() && challenge.get() != ChallengeType.STATIC) {
                problems.at(map.keyNode("rotateSecretEvery").orElseThrow(), map.pathOf("rotateSecretEvery"),
                        "only applies to challenge: static (this enrollment uses " + challenge.get().configName()
                                + "); remove it or switch to a static challenge");
                rotateOk = false;
            }
        }
        Map<String, ConnectorSettings> blocks = new java.util.LinkedHashMap<>();
        boolean blocksOk = true;
        for (Map.Entry<String, SettingsSchema> block : connectorBlocks.entrySet()) {
            Optional<Node> blockNode = map.get(block.getKey());
            if (blockNode.isPresent()) {
                SettingsSchema at = new SettingsSchema(map.pathOf(block.getKey()), block.getValue().doc(), block.getValue().settings());
                SectionReader.Result result = new SectionReader(problems, values).read(block.getKey(), at, blockNode.get());
                blocks.put(block.getKey(), result.settings());
                blocksOk &= result.clean();
            }
        }
        if (name.isEmpty() || platform.isEmpty() || mdm.isEmpty() || challenge.isEmpty() || ca.isEmpty()
                || certificate.isEmpty() || groups.isEmpty() || !renewalOk || !rotateOk || !blocksOk) {
            return Optional.empty();
        }
        return Optional.of(new EnrollmentSpec(name.get(), platform.get(), mdm.get(), challenge.get(), ca.get(),
                certificate.get(), groups.get(), renewal, rotate, blocks));
    }

    private Optional<Node> required(YamlMap map, String key, String expected) {
        Optional<Node> node = map.get(key);
        if (node.isEmpty()) {
            map.missing(key, expected, problems);
        }
        return node;
    }

    private Optional<String> name(Node node, YamlMap map, String itemPath, Map<String, String> names) {
        String path = map.pathOf("name");
        return values.nonBlank(node, path, "a name such as windows-intune").flatMap(n -> {
            if (!NAME.matcher(n).matches()) {
                problems.at(node, path, Values.quote(n) + " is not a valid name; expected lower-case letters, digits and -,"
                        + " starting with a letter or digit, at most 63 characters (e.g. windows-intune)");
                return Optional.empty();
            }
            String first = names.putIfAbsent(n, itemPath);
            if (first != null) {
                problems.at(node, path, Values.quote(n) + " is already the name of " + first + "; names must be unique");
                return Optional.empty();
            }
            return Optional.of(n);
        });
    }

    private Optional<String> mdm(Node node, String path) {
        return values.nonBlank(node, path, "the id of a connector configured under mdm:").flatMap(id -> {
            if (configuredMdms.contains(id)) {
                return Optional.of(id);
            }
            if (knownMdms.contains(id)) {
                problems.at(node, path, Values.quote(id) + " is a known MDM but is not configured; add a mdm." + id
                        + " section" + (configuredMdms.isEmpty() ? "" : " (configured: " + String.join(", ", configuredMdms) + ")"));
            } else if (configuredMdms.isEmpty()) {
                problems.at(node, path, Values.quote(id) + " is not a known MDM; known: " + String.join(", ", knownMdms)
                        + ", and none is configured under mdm:");
            } else {
                problems.at(node, path, Values.quote(id) + " is not one of " + String.join(", ", configuredMdms)
                        + Suggestions.closest(id, knownMdms).map(s -> "; did you mean \"" + s + "\""
                                + (configuredMdms.contains(s) ? "" : " (add a mdm." + s + " section)") + "?").orElse(""));
            }
            return Optional.empty();
        });
    }

    private Optional<CaSpec> ca(Node node, String path, String itemPath, Map<String, CustomCaUse> customCas) {
        if (!(node instanceof MappingNode)) {
            return values.text(node, path, "okta or a mapping custom: {chain: <file>}").flatMap(v -> {
                if (v.equals("okta")) {
                    return Optional.of(new CaSpec.OktaCa());
                }
                problems.at(node, path, Values.quote(v) + " is not a CA; expected okta or a mapping custom: {chain: <file>}");
                return Optional.empty();
            });
        }
        Optional<YamlMap> caMap = YamlMap.read(node, path, List.of("custom"), problems);
        if (caMap.isEmpty()) {
            return Optional.empty();
        }
        if (caMap.get().get("custom").isEmpty()) {
            caMap.get().missing("custom", "custom: {chain: <file>} (or write ca: okta)", problems);
            return Optional.empty();
        }
        String customPath = caMap.get().pathOf("custom");
        Optional<YamlMap> custom = YamlMap.read(caMap.get().get("custom").get(), customPath, List.of("name", "chain"), problems);
        if (custom.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> name = custom.get().get("name").isPresent()
                ? values.nonBlank(custom.get().get("name").get(), custom.get().pathOf("name"), "a name for the CA in Okta")
                : Optional.empty();
        boolean nameOk = custom.get().get("name").isEmpty() || name.isPresent();
        Optional<Node> chainNode = custom.get().get("chain");
        if (chainNode.isEmpty()) {
            custom.get().missing("chain", "the CA chain file: a path or ${file:path}, PEM or DER", problems);
            return Optional.empty();
        }
        String chainPath = custom.get().pathOf("chain");
        Optional<String> file = values.nonBlank(chainNode.get(), chainPath, "a path or ${file:path}").flatMap(written -> {
            if (!written.startsWith("${")) {
                return Optional.of(written);
            }
            Optional<SecretRef> ref = Values.parseSecretRef(written);
            if (ref.isPresent() && ref.get().source() == SecretRef.Source.FILE) {
                return Optional.of(ref.get().name());
            }
            problems.at(chainNode.get(), chainPath, "the chain must be a file; expected a path or ${file:path}");
            return Optional.empty();
        });
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Optional<List<byte[]>> chain = chains.read(baseDir, file.get(), chainNode.get(), chainPath);
        if (chain.isEmpty() || !nameOk) {
            return Optional.empty();
        }
        CaSpec.CustomCa ca = new CaSpec.CustomCa(name.orElse(stem(file.get())), chain.get(), file.get());
        CustomCaUse first = customCas.putIfAbsent(ca.name(), new CustomCaUse(itemPath, ca));
        if (first != null && !first.ca().equals(ca)) {
            Node at = custom.get().get("name").orElse(chainNode.get());
            problems.at(at, custom.get().get("name").isPresent() ? custom.get().pathOf("name") : chainPath,
                    "custom CA " + Values.quote(ca.name()) + " is already defined by " + first.path()
                            + " with a different chain; give this one another name or use the same chain");
            return Optional.empty();
        }
        return Optional.of(ca);
    }

    /** The CA's default name: the chain's file name without its extension, stable across runs. */
    private static String stem(String file) {
        String fileName = Path.of(file).getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    private Optional<CertificateSpec> certificate(YamlMap enrollment, Optional<String> mdm) {
        String path = enrollment.pathOf("certificate");
        YamlMap map = null;
        if (enrollment.get("certificate").isPresent()) {
            Optional<YamlMap> read = YamlMap.read(enrollment.get("certificate").get(), path, CERTIFICATE_KEYS, problems);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            map = read.get();
        }
        int before = problems.count();
        Optional<String> subject;
        if (map != null && map.get("subject").isPresent()) {
            subject = values.nonBlank(map.get("subject").get(), map.pathOf("subject"), "a subject such as CN={{DeviceId}}");
        } else if (mdm.isPresent() && defaultSubjects.containsKey(mdm.get())) {
            subject = Optional.of(defaultSubjects.get(mdm.get()));
        } else {
            // Without a valid mdm the mdm problem already explains the enrollment; do not add a second one.
            if (mdm.isPresent()) {
                problems.at(map != null ? map.node() : enrollment.node(), path + ".subject",
                        "missing; there is no default subject for mdm " + mdm.get() + ", so give one in that MDM's variable syntax");
            }
            subject = Optional.empty();
        }
        List<SubjectAlternativeName> sans = optional(map, "subjectAlternativeNames", List.<SubjectAlternativeName>of(),
                (n, p) -> values.list(n, p, "{type, value} entries", this::san));
        long keySize = optional(map, "keySize", (long) DEFAULT_KEY_SIZE, (n, p) -> values.integer(n, p).flatMap(v -> {
            if (KEY_SIZES.contains(String.valueOf(v))) {
                return Optional.of(v);
            }
            problems.at(n, p, v + " is not one of " + String.join(", ", KEY_SIZES));
            return Optional.empty();
        }));
        String hash = optional(map, "hashAlgorithm", DEFAULT_HASH, (n, p) -> values.oneOf(n, p, HASH_ALGORITHMS));
        Set<KeyUsage> keyUsage = optional(map, "keyUsage", EnumSet.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT), this::keyUsages);
        List<ExtendedKeyUsage> ekus = optional(map, "extendedKeyUsages", List.of(ExtendedKeyUsage.CLIENT_AUTH),
                (n, p) -> nonEmpty(n, p, values.list(n, p, "{name, oid} entries", this::eku), "extended key usage"));
        Period validity = optional(map, "validity", DEFAULT_VALIDITY, values::period);
        long threshold = optional(map, "renewalThresholdPercent", (long) DEFAULT_RENEWAL_THRESHOLD,
                (n, p) -> values.integerBetween(n, p, 1, 99));
        if (problems.count() != before || subject.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CertificateSpec(subject.get(), sans, (int) keySize, hash, keyUsage, ekus, validity, (int) threshold));
    }

    /** The value of an optional key, its default when absent, or the default after reporting a bad value. */
    private <T> T optional(YamlMap map, String key, T defaultValue, Values.ElementReader<T> reader) {
        if (map == null || map.get(key).isEmpty()) {
            return defaultValue;
        }
        return reader.read(map.get(key).get(), map.pathOf(key)).orElse(defaultValue);
    }

    private <T> Optional<List<T>> nonEmpty(Node node, String path, Optional<List<T>> list, String what) {
        if (list.isPresent() && list.get().isEmpty()) {
            problems.at(node, path, "is empty; expected at least one " + what);
            return Optional.empty();
        }
        return list;
    }

    private Optional<Set<KeyUsage>> keyUsages(Node node, String path) {
        return nonEmpty(node, path, values.list(node, path, "key usages", (n, p) -> values.oneOf(n, p, KEY_USAGES)), "key usage")
                .map(names -> {
                    Set<KeyUsage> set = EnumSet.noneOf(KeyUsage.class);
                    names.forEach(n -> set.add(n.equals("digitalSignature") ? KeyUsage.DIGITAL_SIGNATURE : KeyUsage.KEY_ENCIPHERMENT));
                    return set;
                });
    }

    private Optional<SubjectAlternativeName> san(Node node, String path) {
        return YamlMap.read(node, path, List.of("type", "value"), problems).flatMap(map -> {
            Optional<String> type = required(map, "type", String.join(", ", SAN_TYPES))
                    .flatMap(n -> values.oneOf(n, map.pathOf("type"), SAN_TYPES));
            Optional<String> value = required(map, "value", "the SAN value in the MDM's variable syntax")
                    .flatMap(n -> values.nonBlank(n, map.pathOf("value"), "the SAN value in the MDM's variable syntax"));
            if (type.isEmpty() || value.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new SubjectAlternativeName(
                    SubjectAlternativeName.Type.valueOf(type.get().toUpperCase(Locale.ROOT)), value.get()));
        });
    }

    private Optional<ExtendedKeyUsage> eku(Node node, String path) {
        return YamlMap.read(node, path, List.of("name", "oid"), problems).flatMap(map -> {
            Optional<String> name = required(map, "name", "a display name such as Client Authentication")
                    .flatMap(n -> values.nonBlank(n, map.pathOf("name"), "a display name such as Client Authentication"));
            Optional<String> oid = required(map, "oid", "a dotted OID such as 1.3.6.1.5.5.7.3.2")
                    .flatMap(n -> values.text(n, map.pathOf("oid"), "a dotted OID such as 1.3.6.1.5.5.7.3.2").flatMap(v -> {
                        if (OID.matcher(v).matches()) {
                            return Optional.of(v);
                        }
                        problems.at(n, map.pathOf("oid"), Values.quote(v) + " is not an OID; expected dotted numbers such as 1.3.6.1.5.5.7.3.2");
                        return Optional.empty();
                    }));
            if (name.isEmpty() || oid.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ExtendedKeyUsage(name.get(), oid.get()));
        });
    }

    private Optional<GroupScope> groups(Node node, String path) {
        Optional<YamlMap> read = YamlMap.read(node, path, List.of("include", "exclude"), problems);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        YamlMap map = read.get();
        Optional<List<String>> include = required(map, "include", "a list of group names")
                .flatMap(n -> nonEmpty(n, map.pathOf("include"), groupNames(n, map.pathOf("include")), "group name"));
        Optional<List<String>> exclude = map.get("exclude").isPresent()
                ? groupNames(map.get("exclude").get(), map.pathOf("exclude"))
                : Optional.of(List.of());
        if (include.isEmpty() || exclude.isEmpty()) {
            return Optional.empty();
        }
        List<Node> excludeNodes = map.get("exclude").map(n -> ((SequenceNode) n).getValue()).orElse(List.of());
        boolean ok = true;
        for (int i = 0; i < exclude.get().size(); i++) {
            if (include.get().contains(exclude.get().get(i))) {
                problems.at(excludeNodes.get(i), map.pathOf("exclude") + "[" + i + "]",
                        Values.quote(exclude.get().get(i)) + " is also in include; a group is either included or excluded");
                ok = false;
            }
        }
        return ok ? Optional.of(new GroupScope(include.get(), exclude.get())) : Optional.empty();
    }

    private Optional<List<String>> groupNames(Node node, String path) {
        Set<String> seen = new LinkedHashSet<>();
        return values.list(node, path, "group names", (item, itemPath) ->
                values.nonBlank(item, itemPath, "a group name").flatMap(name -> {
                    if (!seen.add(name)) {
                        problems.at(item, itemPath, Values.quote(name) + " is listed twice");
                        return Optional.empty();
                    }
                    return Optional.of(name);
                }));
    }

    private static final List<String> RENEWAL_KEYS = List.of("leadTime", "redistributeBeforeExpiry", "canary", "pause", "budget",
            "maxRepush");
    private static final int MAX_REPUSH_LIMIT = 20;

    private Optional<RenewalPolicy> renewal(Node node, String path) {
        return YamlMap.read(node, path, RENEWAL_KEYS, problems).flatMap(map -> {
            int before = problems.count();
            Optional<Duration> lead = leadTime(map);
            Optional<RenewalPolicy.Canary> canary = map.get("canary").flatMap(n -> canary(n, map.pathOf("canary")));
            Duration pause = optional(map, "pause", Duration.ZERO,
                    (n, p) -> values.durationOrZero(n, p, "0 or a duration such as 24h"));
            if (map.get("pause").isPresent() && map.get("canary").isEmpty()) {
                problems.at(map.keyNode("pause").orElseThrow(), map.pathOf("pause"),
                        "only applies with a canary (the rest waits for the canary, then this long); add canary: or remove pause:");
            }
            Optional<RenewalPolicy.Budget> budget = map.get("budget").flatMap(n -> budget(n, map.pathOf("budget")));
            long maxRepush = optional(map, "maxRepush", (long) RenewalPolicy.DEFAULT_MAX_REPUSH,
                    (n, p) -> values.integerBetween(n, p, 0, MAX_REPUSH_LIMIT));
            if (problems.count() != before || lead.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new RenewalPolicy(lead.get(), canary, pause, budget, (int) maxRepush));
        });
    }

    /** {@code leadTime}, or its former name {@code redistributeBeforeExpiry}; exactly one of them. */
    private Optional<Duration> leadTime(YamlMap map) {
        Optional<Node> lead = map.get("leadTime");
        Optional<Node> former = map.get("redistributeBeforeExpiry");
        if (lead.isPresent() && former.isPresent()) {
            problems.at(map.keyNode("redistributeBeforeExpiry").orElseThrow(), map.pathOf("redistributeBeforeExpiry"),
                    "is the former name of leadTime, which is also given; keep only leadTime");
            return Optional.empty();
        }
        if (lead.isEmpty() && former.isEmpty()) {
            map.missing("leadTime", "a duration such as 30d", problems);
            return Optional.empty();
        }
        String key = lead.isPresent() ? "leadTime" : "redistributeBeforeExpiry";
        return values.duration(lead.orElse(former.orElse(null)), map.pathOf(key));
    }

    private Optional<RenewalPolicy.Canary> canary(Node node, String path) {
        return YamlMap.read(node, path, List.of("devices", "percent"), problems).flatMap(map -> {
            Optional<Node> devices = map.get("devices");
            Optional<Node> percent = map.get("percent");
            if (devices.isPresent() == percent.isPresent()) {
                problems.at(map.node(), path, devices.isPresent() ? "gives both devices and percent; expected one of them"
                        : "is empty; expected devices: [device names] or percent: 1 to 100");
                return Optional.empty();
            }
            if (devices.isPresent()) {
                return nonEmpty(devices.get(), map.pathOf("devices"), values.stringList(devices.get(), map.pathOf("devices")), "device")
                        .map(list -> new RenewalPolicy.Canary(List.copyOf(new LinkedHashSet<>(list)), 0));
            }
            return values.integerBetween(percent.get(), map.pathOf("percent"), 1, 100)
                    .map(p -> new RenewalPolicy.Canary(List.of(), p.intValue()));
        });
    }

    private Optional<RenewalPolicy.Budget> budget(Node node, String path) {
        return YamlMap.read(node, path, List.of("maxDevices", "per"), problems).flatMap(map -> {
            Optional<Long> max = required(map, "maxDevices", "a whole number of devices such as 500")
                    .flatMap(n -> values.integerBetween(n, map.pathOf("maxDevices"), 1, 1_000_000));
            Optional<Duration> per = required(map, "per", "a window such as 1h or 1d")
                    .flatMap(n -> values.duration(n, map.pathOf("per")));
            return max.isPresent() && per.isPresent()
                    ? Optional.of(new RenewalPolicy.Budget(max.get().intValue(), per.get())) : Optional.empty();
        });
    }
}
