package io.scephub.workspaceone;

import io.scephub.core.text.DisplayName;
import com.fasterxml.jackson.databind.JsonNode;
import io.scephub.workspaceone.WorkspaceOnePayloads.Named;
import io.scephub.workspaceone.WorkspaceOnePayloads.SmartGroupRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Look-ups by name in UEM: the organization group, the console-configured certificate authority and
 * template, and smart groups. UEM's searches match partially, so every look-up compares names exactly.
 */
final class WorkspaceOneDirectory {
    /** Where an admin creates the generic SCEP authority; UEM has no REST call to do it. */
    static final String CA_CONSOLE_PATH = "Groups & Settings > All Settings > Enterprise Integration > Certificate Authorities";

    private final WorkspaceOneRestClient rest;
    private final WorkspaceOnePaths paths;
    private final WorkspaceOnePayloads payloads;
    private final String organizationGroup;
    private final AtomicReference<Long> organizationGroupId = new AtomicReference<>();
    private List<Named> authorities;
    private final Map<Long, List<Named>> templates = new HashMap<>();
    private List<Named> smartGroups;

    WorkspaceOneDirectory(WorkspaceOneRestClient rest, WorkspaceOnePaths paths, WorkspaceOnePayloads payloads, String organizationGroup) {
        this.rest = rest;
        this.paths = paths;
        this.payloads = payloads;
        this.organizationGroup = organizationGroup;
    }

    String organizationGroup() {
        return organizationGroup;
    }

    /** The numeric id of the configured organization group (its GroupId compared exactly); cached, it never changes. */
    long organizationGroupId() {
        Long cached = organizationGroupId.get();
        if (cached != null) {
            return cached;
        }
        List<JsonNode> hits = rest.get(paths.searchOrganizationGroups(organizationGroup), WorkspaceOnePaths.SEARCH_VERSION)
                .map(answer -> answer.path("LocationGroups")).map(this::toList).orElse(List.of());
        List<JsonNode> exact = hits.stream().filter(g -> g.path("GroupId").asText().equals(organizationGroup)).toList();
        if (exact.size() != 1) {
            throw new WorkspaceOneSetupError("mdm.workspaceone.organizationGroup: " + (exact.isEmpty()
                    ? "no organization group has the Group ID \"" + organizationGroup + "\""
                    : exact.size() + " organization groups have the Group ID \"" + organizationGroup + "\"")
                    + " (Groups & Settings > Groups > Organization Groups > Details shows the Group ID)");
        }
        long id = WorkspaceOnePayloads.id(exact.get(0).path("Id"));
        organizationGroupId.set(id);
        return id;
    }

    /**
     * Forgets the picklists and smart groups, so the next look-up lists them again. Called at the
     * start of every read: within one plan and its apply each list is fetched once, whatever the
     * number of enrollments.
     */
    synchronized void forget() {
        authorities = null;
        templates.clear();
        smartGroups = null;
    }

    /** Every certificate authority visible in the organization group (fetched once per read). */
    synchronized List<Named> certificateAuthorities() {
        if (authorities == null) {
            authorities = rest.get(paths.certificateAuthorities(organizationGroupId()), WorkspaceOnePaths.SEARCH_VERSION)
                    .map(answer -> payloads.picklist(answer, "certificate authorities")).orElse(List.of());
        }
        return authorities;
    }

    /** The templates of one certificate authority (fetched once per read). */
    synchronized List<Named> certificateTemplates(long certificateAuthorityId) {
        return templates.computeIfAbsent(certificateAuthorityId, ca -> rest.get(paths.certificateTemplates(organizationGroupId(), ca),
                WorkspaceOnePaths.SEARCH_VERSION).map(answer -> payloads.picklist(answer, "certificate templates of authority " + ca))
                .orElse(List.of()));
    }

    /**
     * Every smart group, listed once per read with the largest page: UEM's search by {@code name}
     * matches partially anyway, so listing all and comparing here costs the same per group and is
     * constant per plan instead of one search per group name.
     */
    synchronized List<Named> allSmartGroups() {
        if (smartGroups == null) {
            smartGroups = rest.list(paths::searchSmartGroups, WorkspaceOnePaths.SEARCH_VERSION, "SmartGroups").stream()
                    .map(WorkspaceOnePayloads::smartGroup).toList();
        }
        return smartGroups;
    }

    /** The certificate authority and template by exact name, or a setup error saying exactly what to create in the console. */
    Named[] certificateAuthorityAndTemplate(String authority, String template, String scepUrl) {
        Optional<Named> ca = certificateAuthorities().stream().filter(c -> c.name().equals(authority)).findFirst();
        if (ca.isEmpty()) {
            throw new WorkspaceOneSetupError(missingAuthority(authority, template, scepUrl, organizationGroup));
        }
        Optional<Named> tpl = certificateTemplates(ca.get().id()).stream().filter(t -> t.name().equals(template)).findFirst();
        if (tpl.isEmpty()) {
            throw new WorkspaceOneSetupError("Workspace ONE certificate authority \"" + authority + "\" has no template named \""
                    + template + "\". In " + CA_CONSOLE_PATH + " > Certificate Templates, add a template \"" + template
                    + "\" for that authority (subject, key size 2048, private key not exportable, EKU Client Authentication), "
                    + "or set mdm.workspaceone.certificateTemplate to the name of an existing one");
        }
        return new Named[] {ca.get(), tpl.get()};
    }

    static String missingAuthority(String authority, String template, String scepUrl, String organizationGroup) {
        return "Workspace ONE has no certificate authority named \"" + authority + "\" visible to organization group \"" + organizationGroup + "\". "
                + "UEM offers no REST call to create one, so create it in the console: " + CA_CONSOLE_PATH
                + " > Add: Authority Type \"Generic SCEP\", Name \"" + authority + "\", SCEP URL " + scepUrl
                + ", Challenge Type \"Static\" with the static secret of this Okta SCEP configuration (Okta admin console > "
                + "Security > Device Integrations > Device Access), then under Certificate Templates add \"" + template
                + "\" for it. Or set mdm.workspaceone.certificateAuthority to the name of the authority you already have";
    }

    /** Each smart group by exact name; zero or several exact matches is an error naming the group. */
    List<SmartGroupRef> smartGroups(List<String> names) {
        return names.stream().map(this::smartGroup).toList();
    }

    private SmartGroupRef smartGroup(String name) {
        List<Named> exact = allSmartGroups().stream().filter(h -> h.name().equals(name)).toList();
        if (exact.size() == 1) {
            return new SmartGroupRef(exact.get(0).id(), name);
        }
        throw new WorkspaceOneSetupError(smartGroupProblem(name).orElseThrow());
    }

    /** What is wrong with the smart group name {@code name} (none or several with exactly that name), or empty. */
    Optional<String> smartGroupProblem(String name) {
        List<Named> groups = allSmartGroups();
        List<Named> exact = groups.stream().filter(h -> h.name().equals(name)).toList();
        if (exact.size() == 1) {
            return Optional.empty();
        }
        if (exact.isEmpty()) {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            List<String> similar = groups.stream().map(Named::name)
                    .filter(n -> n.toLowerCase(java.util.Locale.ROOT).contains(lower) || lower.contains(n.toLowerCase(java.util.Locale.ROOT)))
                    .limit(5).map(n -> "\"" + n + "\"").toList();
            return Optional.of("Workspace ONE smart group " + DisplayName.quote(name) + " not found (names are compared exactly"
                    + (similar.isEmpty() ? "" : "; similar: " + similar) + ")");
        }
        return Optional.of("Workspace ONE has " + exact.size() + " smart groups named " + DisplayName.quote(name) + " (ids "
                + exact.stream().map(Named::id).toList() + "); rename all but one so the name says which one is meant");
    }

    private List<JsonNode> toList(JsonNode array) {
        List<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
