package io.scephub.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.core.challenge.ChallengeTrust;
import io.scephub.core.challenge.JwsAlgorithm;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.ExtendedKeyUsage;
import io.scephub.core.model.SecretRef;
import io.scephub.core.model.SettingDef;
import io.scephub.core.model.SettingType;
import io.scephub.core.model.SettingsSchema;
import io.scephub.core.spi.ConnectorProvider;
import io.scephub.core.spi.ConnectorRole;
import io.scephub.core.spi.MdmTraits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The JSON Schema (draft 2020-12) of scephub.yaml for editors and CI, including each installed
 * connector's section as its {@link SettingsSchema} declares it. It mirrors {@link ConfigLoader};
 * the loader stays the authority (it also reads chain files and runs the connectors' own rules).
 */
public final class JsonSchemaGenerator {
    static final String DRAFT = "https://json-schema.org/draft/2020-12/schema";
    private static final String SECRET_PATTERN = "^\\$\\{(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)\\}$";

    private final List<ConnectorProvider> providers;
    private final JsonNodeFactory json = JsonNodeFactory.instance;

    public JsonSchemaGenerator(List<ConnectorProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    public ObjectNode generate() {
        ObjectNode root = json.objectNode();
        root.put("$schema", DRAFT);
        root.put("$id", "https://scephub.io/schema/scephub.schema.json");
        root.put("title", "scephub.yaml");
        root.put("description", "Desired Okta Device Access SCEP setup across Okta and MDMs, and the hub's own settings.");
        root.put("type", "object");
        root.put("additionalProperties", false);
        root.set("$defs", defs());

        ObjectNode properties = root.putObject("properties");
        ArrayNode required = json.arrayNode().add("version");
        properties.set("version", object("Format version of this file.").put("const", ConfigLoader.VERSION));
        Map<String, Object> sections = ConfigLoader.sectionTree(providers);
        ArrayNode requiredSections = json.arrayNode();
        sections.forEach((key, value) -> {
            properties.set(key, section(key, value));
            if (requiredSection(value)) {
                requiredSections.add(key);
            }
        });
        properties.set("enrollments", json.objectNode()
                .put("type", "array")
                .put("description", "One entry per Okta SCEP configuration and the MDM profile that delivers its certificate.")
                .set("items", enrollment()));
        properties.set("state", state());
        properties.set("schedule", schedule());
        properties.set("server", server());
        properties.set(DelegatedChallengeReader.SECTION, delegatedChallenge());
        properties.set(TenantReader.TENANTS, json.objectNode().put("type", "array").put("minItems", 1)
                .put("description", "Several tenants: each an Okta org with its MDM tenants, credentials and enrollments."
                        + " Without it, the file is the one tenant \"default\".")
                .set("items", tenant(sections, requiredSections)));
        properties.set(TenantReader.TEMPLATES, json.objectNode().put("type", "array")
                .put("description", "Enrollments defined once and applied to tenants or tenant groups (needs tenants:).")
                .set("items", template()));
        properties.set(TenantReader.TENANT_GROUPS, object("Named lists of tenants, for templates' applyTo and exclude.")
                .put("type", "object").set("additionalProperties", ref("stringList")));
        ObjectNode sync = object("How syncs treat drift.").put("type", "object").put("additionalProperties", false);
        sync.putObject("properties").set(AlertingReader.DRIFT_MODE, driftMode("What every sync (schedule, REST, CLI sync) does with"
                + " drift: remediate applies the plan; report records the planned changes as a run (drifted or in-sync) and writes"
                + " nothing; alert is report plus a drift notification.").put("default", DriftMode.REMEDIATE.value()));
        properties.set("sync", sync);
        properties.set("notifications", notifications());
        ObjectNode expiry = object("Expiry watch: credentials scephub holds references to.").put("type", "object")
                .put("additionalProperties", false);
        expiry.putObject("properties").set("warnBefore", ref("duration").put("description", "Report a credential this long before"
                + " it expires (doctor, metrics, expiry notifications).").put("default", durationText(Alerting.DEFAULT_EXPIRY_WARNING)));
        properties.set("expiry", expiry);
        root.set("required", required);
        // With tenants:, the connector sections and enrollments live in each tenant; without, at the top.
        ArrayNode atTop = json.arrayNode();
        sections.keySet().forEach(k -> atTop.add(json.objectNode().set("required", strings(k))));
        atTop.add(json.objectNode().set("required", strings("enrollments")));
        atTop.add(json.objectNode().set("required", strings(DelegatedChallengeReader.SECTION)));
        root.set("if", json.objectNode().set("required", strings(TenantReader.TENANTS)));
        root.set("then", json.objectNode().set("not", json.objectNode().set("anyOf", atTop)));
        ObjectNode single = json.objectNode().set("required", requiredSections);
        single.set("not", json.objectNode().set("anyOf", json.arrayNode()
                .add(json.objectNode().set("required", strings(TenantReader.TEMPLATES)))
                .add(json.objectNode().set("required", strings(TenantReader.TENANT_GROUPS)))));
        root.set("else", single);
        return root;
    }

    private ObjectNode tenant(Map<String, Object> sections, ArrayNode requiredSections) {
        ObjectNode t = json.objectNode().put("type", "object").put("additionalProperties", false);
        ArrayNode required = json.arrayNode().add("name");
        required.addAll(requiredSections);
        t.set("required", required);
        ObjectNode p = t.putObject("properties");
        p.set("name", object("Unique tenant name: lower-case letters, digits and -; in --tenant, REST paths and the state store.")
                .put("type", "string").put("pattern", "^" + Tenant.NAME.pattern() + "$"));
        p.set(TenantReader.PREVIEW_OF, object("The tenant this one is the preview of, for scephub promote.").put("type", "string")
                .put("pattern", "^" + Tenant.NAME.pattern() + "$"));
        p.set(AlertingReader.DRIFT_MODE, driftMode("What syncs of this tenant do with drift, in place of sync.driftMode;"
                + " an enrollment's own driftMode still wins."));
        sections.forEach((key, value) -> p.set(key, section(key, value)));
        p.set("enrollments", json.objectNode().put("type", "array")
                .put("description", "This tenant's own enrollments, besides those of the templates applied to it.")
                .set("items", enrollment()));
        p.set(DelegatedChallengeReader.SECTION, delegatedChallenge().put("description", "The MDM signers this tenant trusts for"
                + " delegated challenges (POST /api/v1/tenants/{tenant}/challenges/verify); no other tenant trusts them."));
        p.set("overrides", object("Changes to the enrollments templates bring, by enrollment name: mappings merge, lists and values replace.")
                .put("type", "object").set("additionalProperties", json.objectNode().put("type", "object")
                        .set("not", json.objectNode().set("required", strings("name")))));
        return t;
    }

    private ObjectNode template() {
        ObjectNode t = json.objectNode().put("type", "object").put("additionalProperties", false);
        t.set("required", strings("name", "applyTo", "enrollments"));
        ObjectNode p = t.putObject("properties");
        p.set("name", object("Unique template name.").put("type", "string").put("pattern", "^" + Tenant.NAME.pattern() + "$"));
        ObjectNode apply = object("Which tenants get the template: those named, those of the groups named, or all; minus exclude.")
                .put("type", "object").put("additionalProperties", false);
        ObjectNode ap = apply.putObject("properties");
        ap.set("all", object("Every tenant of the file.").put("type", "boolean"));
        ap.set("tenants", ref("stringList"));
        ap.set("groups", ref("stringList"));
        ap.set("exclude", object("Tenants or tenant groups left out.").put("type", "array").set("items", nonEmptyString()));
        apply.put("minProperties", 1);
        p.set("applyTo", apply);
        p.set("enrollments", json.objectNode().put("type", "array").put("minItems", 1)
                .put("description", "Written like enrollments: of a single-tenant file.").set("items", enrollment()));
        return t;
    }

    private ObjectNode defs() {
        ObjectNode defs = json.objectNode();
        defs.set("secretRef", object("A secret by reference, never inline: ${env:NAME} or ${file:path} (relative to this file).")
                .put("type", "string").put("pattern", SECRET_PATTERN));
        defs.set("duration", object("A duration: a positive number followed by s, m, h, d or y (30s, 15m, 12h, 90d, 1y).")
                .put("type", "string").put("pattern", "^[1-9][0-9]{0,8}(ms|[smhdy])$"));
        defs.set("period", object("A calendar period: a positive number followed by d, m or y (365d, 12m, 1y).")
                .put("type", "string").put("pattern", "^[1-9][0-9]{0,5}[dmy]$"));
        defs.set("url", object("An absolute http(s) URL.")
                .put("type", "string").put("format", "uri").put("pattern", "^[Hh][Tt][Tt][Pp][Ss]?://[^/?#\\s]+"));
        defs.set("uuid", object("A UUID (8-4-4-4-12 hex digits).")
                .put("type", "string").put("pattern", "^" + Values.UUID.pattern() + "$"));
        defs.set("stringList", object("A list of text values.").put("type", "array").set("items", nonEmptyString()));
        return defs;
    }

    private static boolean requiredSection(Object node) {
        if (node instanceof ConnectorProvider provider) {
            return provider.role() == ConnectorRole.IDENTITY;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> group = (Map<String, Object>) node;
        return group.values().stream().anyMatch(JsonSchemaGenerator::requiredSection);
    }

    private ObjectNode section(String key, Object node) {
        if (node instanceof ConnectorProvider provider) {
            SettingsSchema schema = provider.settingsSchema();
            ObjectNode section = settingsObject(SectionReader.tree(schema));
            section.put("description", schema.doc());
            return section;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> group = (Map<String, Object>) node;
        ObjectNode object = object(key.equals("mdm")
                ? "MDM connectors, by id; configure only the ones you use."
                : "Connectors under " + key + ", by id.");
        object.put("type", "object").put("additionalProperties", false);
        ObjectNode properties = object.putObject("properties");
        ArrayNode required = json.arrayNode();
        group.forEach((child, value) -> {
            properties.set(child, section(child, value));
            if (requiredSection(value)) {
                required.add(child);
            }
        });
        if (!required.isEmpty()) {
            object.set("required", required);
        }
        return object;
    }

    private ObjectNode settingsObject(Map<String, Object> level) {
        ObjectNode object = json.objectNode().put("type", "object").put("additionalProperties", false);
        ObjectNode properties = object.putObject("properties");
        ArrayNode required = json.arrayNode();
        level.forEach((key, value) -> {
            if (value instanceof SettingDef def) {
                properties.set(key, setting(def));
                if (def.required() && def.defaultValue().isEmpty()) {
                    required.add(key);
                }
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> nested = (Map<String, Object>) value;
                properties.set(key, settingsObject(nested));
                if (containsRequired(nested)) {
                    required.add(key);
                }
            }
        });
        if (!required.isEmpty()) {
            object.set("required", required);
        }
        return object;
    }

    private static boolean containsRequired(Map<String, Object> level) {
        return level.values().stream().anyMatch(v -> v instanceof SettingDef def
                ? def.required() && def.defaultValue().isEmpty()
                : containsRequired(castMap(v)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }

    private ObjectNode setting(SettingDef def) {
        ObjectNode node = switch (def.type()) {
            case STRING -> nonEmptyString();
            case URL -> ref("url");
            case UUID -> ref("uuid");
            case INTEGER -> json.objectNode().put("type", "integer");
            case BOOLEAN -> json.objectNode().put("type", "boolean");
            case DURATION -> ref("duration");
            case STRING_LIST -> ref("stringList");
            case SECRET -> ref("secretRef");
        };
        if (def.doc() != null && !def.doc().isBlank()) {
            node.put("description", def.doc());
        }
        if (!def.allowedValues().isEmpty()) {
            ArrayNode allowed = json.arrayNode();
            def.allowedValues().forEach(allowed::add);
            if (def.type() == SettingType.STRING_LIST) {
                node.set("items", json.objectNode().set("enum", allowed));
            } else {
                node.set("enum", allowed);
            }
        }
        def.defaultValue().ifPresent(d -> node.set("default", defaultJson(SectionReader.normalizeDefault(def))));
        return node;
    }

    private JsonNode defaultJson(Object value) {
        if (value instanceof Long l) {
            return json.numberNode(l);
        }
        if (value instanceof Boolean b) {
            return json.booleanNode(b);
        }
        if (value instanceof Duration d) {
            return json.textNode(durationText(d));
        }
        if (value instanceof List<?> list) {
            ArrayNode array = json.arrayNode();
            list.forEach(v -> array.add(String.valueOf(v)));
            return array;
        }
        if (value instanceof SecretRef ref) {
            return json.textNode(ref.toString());
        }
        return json.textNode(String.valueOf(value));
    }

    /** A duration the way a user writes it, in the largest unit that divides it exactly. */
    static String durationText(Duration d) {
        long seconds = d.toSeconds();
        if (seconds % (365 * 86_400L) == 0) {
            return seconds / (365 * 86_400L) + "y";
        }
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    private ObjectNode enrollment() {
        ObjectNode e = object("One enrollment: an Okta SCEP configuration plus the MDM profile that delivers the certificate.")
                .put("type", "object").put("additionalProperties", false);
        e.set("required", strings("name", "platform", "mdm", "challenge", "groups"));
        ObjectNode p = e.putObject("properties");
        p.set("name", object("Unique, stable name; part of every resource key. Lower-case letters, digits and -.")
                .put("type", "string").put("pattern", "^" + EnrollmentReader.NAME.pattern() + "$"));
        p.set("platform", object("Device platform.").set("enum", strings("macos", "windows")));
        List<String> mdms = new ArrayList<>(providers.stream()
                .filter(pr -> pr.role() == ConnectorRole.MDM).map(ConnectorProvider::id).sorted().toList());
        ObjectNode mdm = object("Id of the MDM connector (configured under mdm:) that delivers the profile.").put("type", "string");
        if (!mdms.isEmpty()) {
            mdm.set("enum", strings(mdms.toArray(String[]::new)));
        }
        p.set("mdm", mdm);
        p.set("challenge", object("How the SCEP challenge reaches the device: one shared secret (static), one fetched per"
                + " device (dynamic) or one signed by the MDM (delegated, "
                + mdms(t -> t.challenges().contains(ChallengeType.DELEGATED), MdmTraits::displayName) + ").")
                .set("enum", strings("static", "dynamic", "delegated")));
        p.set("ca", ca());
        p.set("certificate", certificate());
        p.set("groups", groups());
        p.set("renewal", renewal());
        p.set("rotateSecretEvery", ref("duration").put("description", "Rotate the static challenge this often (challenge: static only)."));
        p.set(AlertingReader.DRIFT_MODE, driftMode("This enrollment's drift mode; overrides sync.driftMode."));
        providers.stream().sorted(java.util.Comparator.comparing(ConnectorProvider::id)).forEach(pr -> pr.enrollmentSettings()
                .ifPresent(block -> {
                    ObjectNode blockSchema = settingsObject(SectionReader.tree(block));
                    blockSchema.put("description", block.doc());
                    p.set(pr.id(), blockSchema);
                }));
        ObjectNode rule = e.putObject("if");
        rule.set("required", strings("rotateSecretEvery"));
        e.putObject("then").putObject("properties").set("challenge", json.objectNode().put("const", "static"));
        return e;
    }

    /** What the MDMs (by connector id) that match say, joined for a description. */
    private String mdms(Predicate<MdmTraits> which, Function<MdmTraits, String> what) {
        return providers.stream().sorted(Comparator.comparing(ConnectorProvider::id))
                .flatMap(pr -> pr.mdmTraits().stream()).filter(which).map(what).collect(Collectors.joining(", "));
    }

    private ObjectNode ca() {
        ObjectNode ca = object("Which CA issues the certificates: okta (default) or a customer CA whose chain is uploaded to Okta.");
        ca.put("default", "okta");
        ObjectNode custom = json.objectNode().put("type", "object").put("additionalProperties", false);
        custom.set("required", strings("chain"));
        ObjectNode customProperties = custom.putObject("properties");
        customProperties.set("name", nonEmptyString().put("description", "Name of the CA in Okta; defaults to the chain file's name."));
        customProperties.set("chain", nonEmptyString().put("description",
                "The CA chain, issuing CA first: a path or ${file:path} relative to this file; PEM (one or more certificates) or one DER"
                        + " certificate. PKCS#7 and PKCS#12/PFX are refused."));
        ObjectNode wrapper = json.objectNode().put("type", "object").put("additionalProperties", false);
        wrapper.set("required", strings("custom"));
        wrapper.putObject("properties").set("custom", custom);
        ArrayNode oneOf = ca.putArray("oneOf");
        oneOf.add(json.objectNode().put("const", "okta"));
        oneOf.add(wrapper);
        return ca;
    }

    private ObjectNode certificate() {
        ObjectNode c = object("The device certificate the SCEP profile requests; every key has a default.")
                .put("type", "object").put("additionalProperties", false);
        ObjectNode p = c.putObject("properties");
        String defaults = providers.stream().sorted(Comparator.comparing(ConnectorProvider::id))
                .flatMap(pr -> pr.mdmTraits().map(t -> pr.id() + " " + t.defaultSubject()).stream())
                .collect(Collectors.joining(", "));
        p.set("subject", nonEmptyString().put("description", "Subject in the MDM's variable syntax. Defaults: " + defaults + "."));
        ObjectNode san = json.objectNode().put("type", "object").put("additionalProperties", false);
        san.set("required", strings("type", "value"));
        ObjectNode sanProperties = san.putObject("properties");
        sanProperties.set("type", json.objectNode().set("enum", strings(EnrollmentReader.SAN_TYPES.toArray(String[]::new))));
        sanProperties.set("value", nonEmptyString());
        p.set("subjectAlternativeNames", object("Subject alternative names.").put("type", "array").set("items", san));
        ObjectNode keySize = object("RSA key size.").put("default", EnrollmentReader.DEFAULT_KEY_SIZE);
        ArrayNode sizes = keySize.putArray("enum");
        EnrollmentReader.KEY_SIZES.forEach(s -> sizes.add(Integer.parseInt(s)));
        p.set("keySize", keySize);
        p.set("hashAlgorithm", object("Signature hash.").put("default", EnrollmentReader.DEFAULT_HASH)
                .set("enum", strings(EnrollmentReader.HASH_ALGORITHMS.toArray(String[]::new))));
        ObjectNode keyUsage = object("Key usages.").put("type", "array").put("minItems", 1)
                .put("uniqueItems", true);
        keyUsage.set("items", json.objectNode().set("enum", strings(EnrollmentReader.KEY_USAGES.toArray(String[]::new))));
        keyUsage.set("default", strings(EnrollmentReader.KEY_USAGES.toArray(String[]::new)));
        p.set("keyUsage", keyUsage);
        ObjectNode eku = json.objectNode().put("type", "object").put("additionalProperties", false);
        eku.set("required", strings("name", "oid"));
        ObjectNode ekuProperties = eku.putObject("properties");
        ekuProperties.set("name", nonEmptyString());
        ekuProperties.set("oid", json.objectNode().put("type", "string").put("pattern", "^" + EnrollmentReader.OID.pattern() + "$"));
        ObjectNode ekus = object("Extended key usages; Okta Device Access needs Client Authentication.")
                .put("type", "array").put("minItems", 1);
        ekus.set("items", eku);
        ekus.set("default", json.arrayNode().add(json.objectNode()
                .put("name", ExtendedKeyUsage.CLIENT_AUTH.name()).put("oid", ExtendedKeyUsage.CLIENT_AUTH.oid())));
        p.set("extendedKeyUsages", ekus);
        p.set("validity", ref("period").put("description", "Certificate validity.").put("default", "1y"));
        p.set("renewalThresholdPercent", object("Share of the validity left when the device renews.")
                .put("type", "integer").put("minimum", 1).put("maximum", 99)
                .put("default", EnrollmentReader.DEFAULT_RENEWAL_THRESHOLD));
        return c;
    }

    private ObjectNode groups() {
        ObjectNode g = object("Groups, by display name, in the MDM's own vocabulary (" + mdms(t -> true, MdmTraits::groupsWord)
                + ").").put("type", "object").put("additionalProperties", false);
        g.set("required", strings("include"));
        ObjectNode p = g.putObject("properties");
        p.set("include", object("Groups whose devices get the profile.").put("type", "array").put("minItems", 1)
                .put("uniqueItems", true).set("items", nonEmptyString()));
        p.set("exclude", object("Groups whose devices never get the profile.").put("type", "array")
                .put("uniqueItems", true).set("items", nonEmptyString()));
        return g;
    }

    private ObjectNode driftMode(String description) {
        return object(description).set("enum", strings(DriftMode.names().toArray(String[]::new)));
    }

    private ObjectNode notifications() {
        ObjectNode target = object("One webhook.").put("type", "object").put("additionalProperties", false);
        target.set("required", strings("name", "type", "url"));
        ObjectNode p = target.putObject("properties");
        p.set("name", object("Target name, in the store and status.").put("type", "string").put("pattern", "^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$"));
        p.set("type", object("Payload shape: generic (signed JSON), slack (incoming webhook) or teams (Workflows webhook, Adaptive Card).")
                .set("enum", strings(NotificationTarget.Kind.names().toArray(String[]::new))));
        ObjectNode url = object("Webhook URL, by reference (a Slack or Teams URL is a credential); generic targets may write it out.");
        ArrayNode anyOf = url.putArray("anyOf");
        anyOf.add(ref("secretRef"));
        anyOf.add(ref("url"));
        p.set("url", url);
        p.set("secret", ref("secretRef").put("description", "HMAC-SHA256 key of a generic target (required there, refused elsewhere)."));
        p.set("events", object("Events to send; default all.").put("type", "array").put("uniqueItems", true).put("minItems", 1)
                .set("items", json.objectNode().set("enum", strings(NotificationEvent.names().toArray(String[]::new)))));
        ObjectNode generic = target.putObject("if");
        generic.putObject("properties").set("type", json.objectNode().put("const", "generic"));
        target.putObject("then").set("required", strings("secret"));
        ObjectNode other = target.putObject("else");
        other.putObject("properties").set("url", ref("secretRef"));
        other.putObject("not").set("required", strings("secret"));
        return object("Webhooks told about drift (alert mode), failed syncs and expiring credentials.").put("type", "array")
                .set("items", target);
    }

    private ObjectNode state() {
        ObjectNode s = object("Where the hub keeps runs, plans, the audit log, the replay cache and kept reads.")
                .put("type", "object").put("additionalProperties", false);
        ObjectNode p = s.putObject("properties");
        p.set("jdbcUrl", object("JDBC URL of a shared database (PostgreSQL) for several hub instances; without it an embedded"
                + " H2 database under dataDir is used.").put("type", "string").put("pattern", "^jdbc:"));
        p.set("username", nonEmptyString().put("description", "Database user (with jdbcUrl)."));
        p.set("password", ref("secretRef").put("description", "Database password (with jdbcUrl)."));
        p.set("dataDir", nonEmptyString().put("description", "Directory of the embedded database, relative to this file.")
                .put("default", HubReader.DEFAULT_DATA_DIR));
        ObjectNode reuse = object("How long an object scephub read or wrote is taken from the state store instead of being read"
                + " again (" + mdms(MdmTraits::keepsReads, MdmTraits::displayName) + "), at most 24h; 0 reads every object on every plan.");
        durationOrZero(reuse);
        p.set("reuseReadsFor", reuse.put("default", durationText(HubSettings.State.DEFAULT_REUSE_READS_FOR)));
        p.set("parallelSyncs", object("How many tenants' syncs, plans or applies run at once against this store (each holds a"
                + " database connection for its lock while it runs, including while it waits on a vendor's rate limit). Default "
                + HubSettings.State.DEFAULT_PARALLEL_SYNCS_EMBEDDED + " on the embedded H2 store, "
                + HubSettings.State.DEFAULT_PARALLEL_SYNCS_SHARED + " with jdbcUrl (PostgreSQL).")
                .put("type", "integer").put("minimum", 1).put("maximum", HubSettings.State.MAX_PARALLEL_SYNCS));
        ObjectNode dependent = s.putObject("dependentRequired");
        dependent.set("username", strings("jdbcUrl"));
        dependent.set("password", strings("jdbcUrl"));
        return s;
    }

    private ObjectNode schedule() {
        ObjectNode s = object("When the recurring sync runs.").put("type", "object").put("additionalProperties", false);
        s.putObject("properties").set("sync", object("6-field cron: second minute hour day-of-month month day-of-week.")
                .put("type", "string").put("pattern", "^\\s*\\S+(\\s+\\S+){5}\\s*$")
                .put("default", HubSettings.Schedule.DEFAULT_SYNC));
        return s;
    }

    private ObjectNode server() {
        ObjectNode s = object("The REST trigger (sync, challenge verification, health, metrics).")
                .put("type", "object").put("additionalProperties", false);
        ObjectNode p = s.putObject("properties");
        p.set("listen", object("host:port to bind.").put("type", "string")
                .put("pattern", "^(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):[0-9]{1,5}$")
                .put("default", HubSettings.Listen.DEFAULT.toString()));
        ObjectNode token = json.objectNode().put("type", "object").put("additionalProperties", false);
        token.set("required", strings("name", "sha256"));
        ObjectNode tokenProperties = token.putObject("properties");
        tokenProperties.set("name", object("Client name, for logs and the audit trail.").put("type", "string")
                .put("pattern", "^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$"));
        ObjectNode sha = object("SHA-256 of the bearer token: 64 hex characters, or a secret reference to them.");
        ArrayNode anyOf = sha.putArray("anyOf");
        anyOf.add(json.objectNode().put("type", "string").put("pattern", "^[0-9a-fA-F]{64}$"));
        anyOf.add(ref("secretRef"));
        tokenProperties.set("sha256", sha);
        tokenProperties.set("tenants", object("The tenants this client may act on (REST); without it, every tenant.")
                .put("type", "array").set("items", nonEmptyString()));
        p.set("tokens", object("API clients allowed to call the REST trigger.").put("type", "array").set("items", token));
        p.set("console", console());
        return s;
    }

    private ObjectNode console() {
        ObjectNode c = object("The operator console at / and its sign-in with an Okta OIDC web app (authorization code with PKCE).")
                .put("type", "object").put("additionalProperties", false);
        c.set("required", strings("issuer", "clientId", "clientSecret", "redirectUri"));
        ArrayNode someGroups = c.putArray("anyOf");
        someGroups.addObject().set("required", strings("viewers"));
        someGroups.addObject().set("required", strings("operators"));
        someGroups.addObject().set("required", strings("tenants"));
        ObjectNode p = c.putObject("properties");
        p.set("issuer", ref("url").put("description", "Okta's OIDC issuer, e.g. https://example.okta.com or"
                + " https://example.okta.com/oauth2/default."));
        p.set("clientId", nonEmptyString().put("description", "Client id of the console's Okta OIDC web app."));
        p.set("clientSecret", ref("secretRef").put("description", "The app's client secret, by reference."));
        p.set("redirectUri", object("Sign-in redirect URI registered in the Okta app: the console's address plus "
                + HubSettings.Console.CALLBACK_PATH + ".").put("type", "string").put("format", "uri")
                .put("pattern", "^[Hh][Tt][Tt][Pp][Ss]?://[^?#\\s]+" + HubSettings.Console.CALLBACK_PATH + "$"));
        p.set("groupsClaim", nonEmptyString().put("description", "ID token claim holding the user's Okta groups.")
                .put("default", HubSettings.Console.DEFAULT_GROUPS_CLAIM));
        p.set("viewers", ref("stringList").put("description", "Okta groups whose members may see every tenant's console pages."));
        p.set("operators", ref("stringList").put("description", "Okta groups whose members may also queue every tenant's syncs and dry runs."));
        ObjectNode tenantGroups = json.objectNode().put("type", "object").put("additionalProperties", false);
        ArrayNode someTenantGroups = tenantGroups.putArray("anyOf");
        someTenantGroups.addObject().set("required", strings("viewers"));
        someTenantGroups.addObject().set("required", strings("operators"));
        tenantGroups.putObject("properties").<ObjectNode>set("viewers", ref("stringList").put("description",
                "Okta groups whose members may see this tenant's console pages.")).set("operators", ref("stringList").put("description",
                "Okta groups whose members may also queue this tenant's syncs and dry runs."));
        p.set("tenants", object("Per tenant (a name under tenants:), groups that may view or operate that tenant only; viewers and"
                + " operators above apply to every tenant.").put("type", "object").set("additionalProperties", tenantGroups));
        p.set("trustForwardedProto", object("Take X-Forwarded-Proto from the TLS proxy as the request's scheme (Secure cookies).")
                .put("type", "boolean").put("default", false));
        return c;
    }

    private ObjectNode delegatedChallenge() {
        ObjectNode s = object("Trusted MDM signers of delegated SCEP challenges (DELEGATED-CHALLENGE.md), used by"
                + " scephub verify-challenge and POST /api/v1/challenges/verify.").put("type", "object").put("additionalProperties", false);
        s.set("required", strings("signers"));
        ObjectNode p = s.putObject("properties");
        p.set("maxLifetime", ref("duration").put("description", "Longest allowed exp - iat of a challenge.")
                .put("default", durationText(ChallengeTrust.DEFAULT_MAX_LIFETIME)));
        ObjectNode skew = object("Allowed clock difference to the signer (0s for none).");
        durationOrZero(skew);
        p.set("clockSkew", skew.put("default", durationText(ChallengeTrust.DEFAULT_CLOCK_SKEW)));
        ObjectNode signer = json.objectNode().put("type", "object").put("additionalProperties", false);
        signer.set("required", strings("issuer", "audience", "algorithms"));
        ArrayNode keySource = signer.putArray("anyOf");
        keySource.addObject().set("required", strings("trustAnchors"));
        keySource.addObject().set("required", strings("keys"));
        ObjectNode sp = signer.putObject("properties");
        sp.set("issuer", nonEmptyString().put("description", "The iss its tokens carry (the MDM tenant)."));
        sp.set("audience", nonEmptyString().put("description", "The SCEP configuration its tokens are for (aud)."));
        ArrayNode algs = json.arrayNode();
        for (JwsAlgorithm alg : JwsAlgorithm.values()) {
            algs.add(alg.joseName());
        }
        sp.set("algorithms", object("JWS algorithms this signer may use.").put("type", "array").put("minItems", 1)
                .put("uniqueItems", true).set("items", json.objectNode().set("enum", algs)));
        sp.set("trustAnchors", object("Root certificate files (PEM or DER, relative to this file) that x5c chains must reach.")
                .put("type", "array").set("items", nonEmptyString()));
        sp.set("requiredSignerEku", object("OID the x5c leaf must carry in its extended key usage.").put("type", "string")
                .put("pattern", "^[0-2](\\.(0|[1-9][0-9]*))+$"));
        sp.set("keys", object("Public-key or certificate PEM files by kid, for tokens signed with a configured key.")
                .put("type", "object").set("additionalProperties", nonEmptyString()));
        sp.set("requireKeyBinding", object("Tokens must carry cnf and be checked against the CSR's key.").put("type", "boolean")
                .put("default", false));
        sp.set("platform", object("Platform of the SCEP configuration; a token's scephub_platform must match.")
                .set("enum", strings("macos", "windows")));
        sp.set("enrollment", nonEmptyString().put("description", "Name of the enrollment this signer belongs to."));
        p.set("signers", object("Trusted signers.").put("type", "array").set("items", signer));
        return s;
    }

    /** The renewal policy with its rings (EnrollmentReader#renewal). */
    private ObjectNode renewal() {
        ObjectNode renewal = object("With Okta as the CA there is no SCEP renewal: devices are made to enrol again before expiry,"
                + " in rings (canary first, then the rest within a budget).").put("type", "object").put("additionalProperties", false);
        ArrayNode oneOf = renewal.putArray("oneOf");
        oneOf.addObject().set("required", strings("leadTime"));
        oneOf.addObject().set("required", strings("redistributeBeforeExpiry"));
        ObjectNode p = renewal.putObject("properties");
        p.set("leadTime", ref("duration").put("description", "A device is due this long before its certificate expires."));
        p.set("redistributeBeforeExpiry", ref("duration").put("description", "Former name of leadTime."));
        ObjectNode canary = object("Devices that re-enrol first: named devices or a share of each due wave.")
                .put("type", "object").put("additionalProperties", false);
        ArrayNode canaryOneOf = canary.putArray("oneOf");
        canaryOneOf.addObject().set("required", strings("devices"));
        canaryOneOf.addObject().set("required", strings("percent"));
        ObjectNode cp = canary.putObject("properties");
        cp.set("devices", ref("stringList").put("minItems", 1).put("description", "Device names (or MDM device ids)."));
        cp.set("percent", json.objectNode().put("type", "integer").put("minimum", 1).put("maximum", 100)
                .put("description", "Share of each due wave's devices, at least one."));
        p.set("canary", canary);
        ObjectNode pause = object("With a canary: how long the rest waits after the last canary device holds its new certificate.");
        durationOrZero(pause);
        p.set("pause", pause.put("default", "0"));
        ObjectNode budget = object("At most maxDevices re-enrolments of this enrollment within any window of length per.")
                .put("type", "object").put("additionalProperties", false);
        budget.set("required", strings("maxDevices", "per"));
        ObjectNode bp = budget.putObject("properties");
        bp.set("maxDevices", json.objectNode().put("type", "integer").put("minimum", 1).put("maximum", 1_000_000));
        bp.set("per", ref("duration"));
        p.set("budget", budget);
        p.set("maxRepush", json.objectNode().put("type", "integer").put("minimum", 0).put("maximum", 20)
                .put("default", io.scephub.core.model.RenewalPolicy.DEFAULT_MAX_REPUSH)
                .put("description", "How often a device that has not re-enrolled is pushed again before it is reported as stuck."));
        return renewal;
    }

    /** A value {@code Values.durationOrZero} reads: a duration, or zero written as 0, 0s, 0m, ... (a YAML 0 too). */
    private void durationOrZero(ObjectNode node) {
        node.putArray("anyOf").add(ref("duration"))
                .add(json.objectNode().put("type", "string").put("pattern", "^" + Values.ZERO_DURATION.pattern() + "$"))
                .add(json.objectNode().put("const", 0));
    }

    private ObjectNode object(String description) {
        return json.objectNode().put("description", description);
    }

    private ObjectNode ref(String def) {
        return json.objectNode().put("$ref", "#/$defs/" + def);
    }

    private ObjectNode nonEmptyString() {
        return json.objectNode().put("type", "string").put("minLength", 1);
    }

    private ArrayNode strings(String... values) {
        ArrayNode array = json.arrayNode();
        for (String v : values) {
            array.add(v);
        }
        return array;
    }
}
