package io.scephub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.SecretRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tenants:}, {@code tenant-groups:} and {@code templates:}: who gets which enrollment, overrides, and every mistake placed. */
class TenantsConfigTest {
    static final Path EXAMPLE = Path.of("../examples/tenants.yaml");

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(FakeProviders.all());

    @Test
    void exampleAppliesTheTemplateToTenantsAndGroupsMinusTheExclusion() throws Exception {
        ScephubConfig config = loader.load(Files.copy(EXAMPLE, dir.resolve("scephub.yaml")));

        assertThat(config.tenanted()).isTrue();
        assertThat(config.tenantNames()).containsExactly("prod", "preview", "contoso", "fabrikam");
        assertThat(names(config.tenant("prod").orElseThrow())).containsExactly("windows-intune");
        assertThat(names(config.tenant("preview").orElseThrow())).containsExactly("windows-intune");
        assertThat(names(config.tenant("contoso").orElseThrow())).containsExactly("windows-intune");
        assertThat(names(config.tenant("fabrikam").orElseThrow())).containsExactly("macos-jamf");
        assertThat(config.tenant("preview").orElseThrow().previewOf()).contains("prod");
        assertThat(config.tenant("prod").orElseThrow().previewOf()).isEmpty();
        assertThat(config.tenant("contoso").orElseThrow().templateOf()).containsEntry("windows-intune", "oda-windows");
        assertThat(config.tenant("fabrikam").orElseThrow().templateOf()).isEmpty();
        assertThat(config.desired().enrollments()).isEmpty();
    }

    @Test
    void eachTenantKeepsItsOwnConnectorsAndSecretReferences() throws Exception {
        ScephubConfig config = loader.load(Files.copy(EXAMPLE, dir.resolve("scephub.yaml")));

        assertThat(config.tenant("prod").orElseThrow().desired().connector("okta").orElseThrow().secret("auth.apiToken"))
                .isEqualTo(new SecretRef(SecretRef.Source.ENV, "PROD_OKTA_API_TOKEN"));
        assertThat(config.tenant("preview").orElseThrow().desired().connector("okta").orElseThrow().secret("auth.apiToken"))
                .isEqualTo(new SecretRef(SecretRef.Source.ENV, "PREVIEW_OKTA_API_TOKEN"));
        assertThat(config.tenant("contoso").orElseThrow().desired().connector("intune").orElseThrow().secret("clientSecret"))
                .isEqualTo(new SecretRef(SecretRef.Source.FILE, "secrets/contoso-graph-client-secret"));
        assertThat(config.tenant("fabrikam").orElseThrow().desired().connectors()).containsOnlyKeys("okta", "jamf");
        assertThat(config.forTenant("contoso").desired()).isEqualTo(config.tenant("contoso").orElseThrow().desired());
        assertThat(config.forTenant("contoso").tenants()).singleElement().extracting(Tenant::name).isEqualTo("contoso");
    }

    @Test
    void anOverrideReplacesOnlyWhatItNamesForThatTenant() throws Exception {
        ScephubConfig config = loader.load(Files.copy(EXAMPLE, dir.resolve("scephub.yaml")));

        EnrollmentSpec contoso = config.tenant("contoso").orElseThrow().desired().enrollment("windows-intune").orElseThrow();
        EnrollmentSpec prod = config.tenant("prod").orElseThrow().desired().enrollment("windows-intune").orElseThrow();
        assertThat(contoso.groups().include()).containsExactly("Contoso Devices");
        assertThat(prod.groups().include()).containsExactly("ODA Windows Pilot");
        assertThat(contoso.platform()).isEqualTo(prod.platform());
        assertThat(contoso.certificate()).isEqualTo(prod.certificate());
    }

    @Test
    void aFileWithoutTenantsIsTheOneTenantDefault() throws Exception {
        ScephubConfig config = loader.load(write("""
                version: 1
                okta:
                  orgUrl: https://x.okta.com
                  auth:
                    apiToken: ${env:T}
                mdm:
                  intune:
                    tenantId: 00000000-0000-0000-0000-000000000000
                    clientId: 11111111-1111-1111-1111-111111111111
                    clientSecret: ${env:S}
                enrollments:
                """ + WINDOWS));

        assertThat(config.tenanted()).isFalse();
        assertThat(config.tenantNames()).containsExactly("default");
        assertThat(config.onlyTenant().desired()).isEqualTo(config.desired());
        assertThat(config.forTenant("default").desired()).isEqualTo(config.desired());
    }

    @Test
    void tokensMayBeRestrictedToTenants() throws Exception {
        ScephubConfig config = loader.load(Files.copy(EXAMPLE, dir.resolve("scephub.yaml")));

        HubSettings.ApiToken helpdesk = config.hub().server().tokens().get(1);
        assertThat(helpdesk.allows("contoso")).isTrue();
        assertThat(helpdesk.allows("prod")).isFalse();
        assertThat(config.hub().server().tokens().get(0).allows("prod")).isTrue();
    }

    @Test
    void excludingAGroupRemovesAllItsTenants() {
        ScephubConfig config = loader.load(write(file("""
                tenant-groups:
                  customers: [ a, b ]
                templates:
                  - name: base
                    applyTo: { all: true, exclude: [ customers ] }
                    enrollments:
                """ + WINDOWS, tenant("a"), tenant("b"), tenant("c"))));

        assertThat(config.tenant("a").orElseThrow().desired().enrollments()).isEmpty();
        assertThat(config.tenant("b").orElseThrow().desired().enrollments()).isEmpty();
        assertThat(names(config.tenant("c").orElseThrow())).containsExactly("windows-intune");
    }

    @Test
    void driftModesComeFromTheTenantThenTheEnrollmentOrItsOverride() {
        ScephubConfig config = loader.load(write(file("""
                sync:
                  driftMode: remediate
                templates:
                  - name: base
                    applyTo: { all: true }
                    enrollments:
                """ + WINDOWS, tenant("a") + """
                    driftMode: report
                """, tenant("b") + """
                    overrides:
                      windows-intune: { driftMode: alert }
                """, tenant("c"))));

        assertThat(config.forTenant("a").alerting().modeOf("windows-intune")).isEqualTo(DriftMode.REPORT);
        assertThat(config.forTenant("b").alerting().modeOf("windows-intune")).isEqualTo(DriftMode.ALERT);
        assertThat(config.forTenant("c").alerting().modeOf("windows-intune")).isEqualTo(DriftMode.REMEDIATE);
    }

    @Test
    void everyMistakeInTenantsGroupsAndTemplatesIsPlaced() {
        String yaml = file("""
                tenant-groups:
                  customers: [ a, zz ]                          # group-member
                  a: [ b ]                                      # group-is-tenant
                templates:
                  - name: base
                    applyTo: { tenants: [ a ], groups: [ custmers ] }    # unknown-group
                    enrollments:
                """ + WINDOWS + """
                  - name: base                                  # dup-template
                    applyTo: { exclude: [ a ] }                 # names-no-tenant
                    enrollments: []                             # empty-enrollments
                """, tenant("a") + """
                    preview-of: a                               # self-preview
                    overrides:
                      windows-intun: { groups: { include: [ x ] } }   # unknown-override
                """, tenant("b") + """
                    frobnicate: 1                               # unknown-key
                """, tenant("a"));

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(write(yaml)));

        assertThat(e.problems()).extracting(ConfigProblem::line, ConfigProblem::path).containsExactly(
                at(yaml, "group-member", "tenant-groups.customers[1]"),
                at(yaml, "group-is-tenant", "tenant-groups.a"),
                at(yaml, "unknown-group", "templates[0].applyTo.groups[0]"),
                at(yaml, "dup-template", "templates[1].name"),
                at(yaml, "names-no-tenant", "templates[1].applyTo"),
                at(yaml, "empty-enrollments", "templates[1].enrollments"),
                at(yaml, "self-preview", "tenants[0].preview-of"),
                at(yaml, "unknown-override", "tenants[0].overrides.windows-intun"),
                at(yaml, "unknown-key", "tenants[1].frobnicate"),
                at(yaml, "last-tenant", "tenants[2].name"));
        assertThat(messages(e)).anySatisfy(m -> assertThat(m).contains("tenant-groups.customers[1]: \"zz\" is not a tenant of this file"))
                .anySatisfy(m -> assertThat(m).contains("\"custmers\" is not a tenant group of this file; did you mean \"customers\"?"))
                .anySatisfy(m -> assertThat(m).contains("\"windows-intun\" is not an enrollment of a template applied to tenant \"a\""))
                .anySatisfy(m -> assertThat(m).contains("tenants[2].name: \"a\" is already the name of tenants[0]"));
    }

    @Test
    void aMistakeInATemplateIsOneProblemNamingEveryTenantItBreaks() {
        String yaml = file("""
                templates:
                  - name: base
                    applyTo: { all: true }
                    enrollments:
                      - name: windows-intune
                        platform: windoze                       # bad-platform
                        mdm: intune
                        challenge: delegated
                        groups: { include: [ "G" ] }
                """, tenant("a"), tenant("b"));

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(write(yaml)));

        assertThat(e.problems()).extracting(ConfigProblem::line, ConfigProblem::path)
                .containsExactly(at(yaml, "bad-platform", "templates[0].enrollments[0].platform"));
        assertThat(messages(e).get(0)).contains("\"windoze\"").endsWith("(for tenants a, b)");
    }

    @Test
    void anOverrideMistakeIsPlacedAtTheOverrideAndNamesTheTenant() {
        String yaml = file("""
                templates:
                  - name: base
                    applyTo: { all: true }
                    enrollments:
                """ + WINDOWS, tenant("a"), tenant("b") + """
                    overrides:
                      windows-intune:
                        challenge: static                       # bad-override
                """);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(write(yaml)));

        assertThat(e.problems()).extracting(ConfigProblem::line, ConfigProblem::path)
                .containsExactly(at(yaml, "bad-override", "templates[0].enrollments[0].challenge"));
        assertThat(messages(e).get(0)).contains("Intune serves only delegated challenges").endsWith("(for tenant b)");
    }

    @Test
    void anOverrideMayNotRenameAndATenantEnrollmentMayNotShadowATemplate() {
        String yaml = file("""
                templates:
                  - name: base
                    applyTo: { tenants: [ a, b ] }
                    enrollments:
                """ + WINDOWS, tenant("a") + """
                    overrides:
                      windows-intune:
                        name: other                             # rename
                      windows-intun: {}                         # typo
                """, tenant("b") + """
                    enrollments:
                      - name: windows-intune                    # shadow
                        platform: windows
                        mdm: intune
                        challenge: delegated
                        groups: { include: [ "G" ] }
                """);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(write(yaml)));

        assertThat(e.problems()).extracting(ConfigProblem::line, ConfigProblem::path).containsExactly(
                at(yaml, "rename", "tenants[0].overrides.windows-intune.name"),
                at(yaml, "typo", "tenants[0].overrides.windows-intun"),
                at(yaml, "shadow", "tenants[1].enrollments[0].name"));
        assertThat(messages(e).get(1)).contains("did you mean \"windows-intune\"?");
        assertThat(messages(e).get(2)).contains("is also the name of an enrollment of template \"base\"");
    }

    @Test
    void tenantSectionsAreReadAndPlacedUnderTheTenant() {
        String yaml = file("", """
                  - name: a
                    okta:
                      orgUrl: not-a-url                         # bad-url
                      auth:
                        apiToken: ${env:A_TOKEN}
                    mdm:
                      intune:
                        tenantId: 00000000-0000-0000-0000-000000000000
                        clientId: 11111111-1111-1111-1111-111111111111
                        clientSecret: s3cr3t-inline             # inline-secret
                """, """
                  - name: b                                     # no-okta
                """);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(write(yaml)));

        assertThat(e.problems()).extracting(ConfigProblem::line, ConfigProblem::path).containsExactly(
                at(yaml, "bad-url", "tenants[0].okta.orgUrl"),
                at(yaml, "inline-secret", "tenants[0].mdm.intune.clientSecret"),
                at(yaml, "no-okta", "tenants[1].okta"));
        assertThat(String.join("\n", messages(e))).doesNotContain("s3cr3t-inline");
    }

    @Test
    void rootSectionsBesideTenantsAndTemplatesWithoutTenantsAreRefused() {
        String withTenants = file("""
                okta:                                           # root-okta
                  orgUrl: https://x.okta.com
                """, tenant("a"));
        String withoutTenants = """
                version: 1
                okta:
                  orgUrl: https://x.okta.com
                  auth:
                    apiToken: ${env:T}
                templates: []                                   # lone-templates
                """;

        ConfigException first = catchThrowableOfType(ConfigException.class, () -> loader.load(write(withTenants)));
        ConfigException second = catchThrowableOfType(ConfigException.class, () -> loader.load(write(withoutTenants)));

        assertThat(first.problems()).extracting(ConfigProblem::line, ConfigProblem::path)
                .containsExactly(at(withTenants, "root-okta", "okta"));
        assertThat(second.problems()).extracting(ConfigProblem::line, ConfigProblem::path)
                .containsExactly(at(withoutTenants, "lone-templates", "templates"));
    }

    @Test
    void previewOfMustNameAnotherTenantThatIsNotAPreview() {
        String yaml = file("", tenant("prod"), tenant("stage") + """
                    preview-of: prod
                """, tenant("dev") + """
                    preview-of: stage                           # chain
                """, tenant("qa") + """
                    preview-of: prd                             # typo
                """);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(write(yaml)));

        assertThat(e.problems()).extracting(ConfigProblem::line, ConfigProblem::path).containsExactly(
                at(yaml, "chain", "tenants[2].preview-of"),
                at(yaml, "typo", "tenants[3].preview-of"));
        assertThat(messages(e).get(1)).contains("did you mean \"prod\"?");
    }

    @Test
    void aTokenMayNameOnlyTenantsOfTheFile() {
        String yaml = """
                version: 1
                server:
                  tokens:
                    - name: ci
                      sha256: %s
                      tenants: [ a, bb ]                        # unknown-tenant
                tenants:
                """.formatted(ConfigLoaderTest.TOKEN_HASH) + tenant("a") + tenant("b");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(write(yaml)));

        assertThat(e.problems()).extracting(ConfigProblem::line, ConfigProblem::path)
                .containsExactly(at(yaml, "unknown-tenant", "server.tokens[0].tenants[1]"));
        assertThat(messages(e).get(0)).contains("\"bb\" is not a tenant of this file");
    }

    @Test
    void theConsoleGrantsGroupsPerTenantAndMayNameOnlyTenantsOfTheFile() {
        String console = """
                version: 1
                server:
                  console:
                    issuer: https://example.okta.com
                    clientId: 0oa1b2c3
                    clientSecret: ${env:CONSOLE_SECRET}
                    redirectUri: https://scephub.example.com/auth/callback
                    operators: [ ops ]
                    tenants:
                      a: { viewers: [ a-viewers ], operators: [ a-ops ] }
                      %s: { viewers: [ b-viewers ] }              # unknown-tenant
                tenants:
                """;
        String good = console.formatted("b") + tenant("a") + tenant("b");
        HubSettings.Console read = loader.load(write(good)).hub().server().console().orElseThrow();
        assertThat(read.operators()).containsExactly("ops");
        assertThat(read.tenants()).containsExactly(
                java.util.Map.entry("a", new HubSettings.TenantGroups(List.of("a-viewers"), List.of("a-ops"))),
                java.util.Map.entry("b", new HubSettings.TenantGroups(List.of("b-viewers"), List.of())));

        String yaml = console.formatted("bb") + tenant("a") + tenant("b");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(write(yaml)));

        assertThat(e.problems()).extracting(ConfigProblem::line, ConfigProblem::path)
                .containsExactly(at(yaml, "unknown-tenant", "server.console.tenants.bb"));
        assertThat(messages(e).get(0)).contains("\"bb\" is not a tenant of this file").contains("did you mean \"b\"?");
    }

    static final String WINDOWS = """
                  - name: windows-intune
                    platform: windows
                    mdm: intune
                    challenge: delegated
                    groups: { include: [ "ODA Windows Pilot" ] }
            """;

    /** A tenant with Okta and Intune, credentials by reference; the caller may append keys at four spaces. */
    static String tenant(String name) {
        return """
                  - name: %s
                    okta:
                      orgUrl: https://%s.okta.com
                      auth:
                        apiToken: ${env:OKTA_TOKEN_%s}
                    mdm:
                      intune:
                        tenantId: 00000000-0000-0000-0000-000000000000
                        clientId: 11111111-1111-1111-1111-111111111111
                        clientSecret: ${env:GRAPH_SECRET_%s}
                """.formatted(name, name, name.toUpperCase(), name.toUpperCase());
    }

    private static String file(String top, String... tenants) {
        String last = tenants.length == 0 ? "" : tenants[tenants.length - 1];
        String marked = last.replaceFirst("(- name: [a-z]+)\n", "$1                                   # last-tenant\n");
        StringBuilder sb = new StringBuilder("version: 1\n").append(top).append("tenants:\n");
        for (int i = 0; i < tenants.length - 1; i++) {
            sb.append(tenants[i]);
        }
        return sb.append(marked).toString();
    }

    private Path write(String yaml) {
        try {
            return Files.writeString(dir.resolve("scephub.yaml"), yaml);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> names(Tenant tenant) {
        return tenant.desired().enrollments().stream().map(EnrollmentSpec::name).toList();
    }

    private static List<String> messages(ConfigException e) {
        return e.problems().stream().map(ConfigProblem::render).toList();
    }

    private static org.assertj.core.groups.Tuple at(String yaml, String marker, String path) {
        List<String> lines = yaml.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith("# " + marker)) {
                return org.assertj.core.groups.Tuple.tuple(i + 1, path);
            }
        }
        throw new IllegalArgumentException("no marker " + marker);
    }
}
