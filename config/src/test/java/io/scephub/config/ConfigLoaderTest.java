package io.scephub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.scephub.core.model.CaSpec;
import io.scephub.core.model.CertificateSpec;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.ExtendedKeyUsage;
import io.scephub.core.model.GroupScope;
import io.scephub.core.model.KeyUsage;
import io.scephub.core.model.Platform;
import io.scephub.core.model.RenewalPolicy;
import io.scephub.core.model.SecretRef;
import io.scephub.core.model.SubjectAlternativeName;
import io.scephub.fixtures.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    static final String TOKEN_HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String VALID = """
            version: 1

            okta:
              orgUrl: https://example.okta.com
              auth:
                apiToken: ${env:OKTA_API_TOKEN}

            mdm:
              intune:
                tenantId: 00000000-0000-0000-0000-000000000000
                clientId: 11111111-1111-1111-1111-1111111111AA
                clientSecret: ${env:GRAPH_CLIENT_SECRET}
              jamf:
                url: https://example.jamfcloud.com
                clientId: ${env:JAMF_CLIENT_ID}
                clientSecret: ${file:secrets/jamf-client-secret}
              workspaceone:
                url: https://as1234.awmdm.com
                tokenUrl: https://na.uemauth.workspaceone.com/connect/token
                clientId: ${env:WS1_CLIENT_ID}
                clientSecret: ${env:WS1_CLIENT_SECRET}
                apiKey: ${env:WS1_API_KEY}
                organizationGroup: Corp

            enrollments:
              - name: windows-intune
                platform: windows
                mdm: intune
                challenge: delegated
                ca: okta
                certificate:
                  subject: "CN={{DeviceId}}"
                  subjectAlternativeNames:
                    - {type: upn, value: "{{UserPrincipalName}}"}
                  keySize: 4096
                  hashAlgorithm: sha384
                  validity: 2y
                  renewalThresholdPercent: 25
                groups:
                  include: [ "ODA Windows Pilot" ]
                  exclude: [ "Kiosks" ]
              - name: macos-jamf
                platform: macos
                mdm: jamf
                challenge: dynamic
                renewal:
                  redistributeBeforeExpiry: 30d
                groups:
                  include: [ "ODA Macs" ]
              - name: windows-ws1
                platform: windows
                mdm: workspaceone
                challenge: static
                ca:
                  custom:
                    chain: ${file:certs/corp-issuing-chain.pem}
                rotateSecretEvery: 90d
                groups:
                  include: [ "ODA Windows WS1" ]

            schedule:
              sync: "0 */15 * * * *"

            server:
              listen: 0.0.0.0:9443
              tokens:
                - name: servicenow
                  sha256: ${env:SCEPHUB_SERVICENOW_TOKEN_SHA256}
                - name: ci
                  sha256: %s
            """.formatted(TOKEN_HASH);

    static TestPki.CaChain pki;

    @TempDir
    Path dir;

    final ConfigLoader loader = new ConfigLoader(FakeProviders.all());

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.caChain("Test");
    }

    @Test
    void validFileLoadsIntoTheExpectedDesiredStateWithDefaults() throws Exception {
        writeChain("certs/corp-issuing-chain.pem");
        Path file = write(VALID);

        ScephubConfig config = loader.load(file);

        CertificateSpec defaults = new CertificateSpec("X", List.of(), 2048, "sha256",
                Set.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT), List.of(ExtendedKeyUsage.CLIENT_AUTH), Period.ofYears(1), 20);
        DesiredState expected = new DesiredState(Map.of(
                "okta", new ConnectorSettings("okta", "okta", Map.of(
                        "orgUrl", "https://example.okta.com",
                        "manage", "api",
                        "auth.apiToken", env("OKTA_API_TOKEN"),
                        "auth.oauth.scopes", List.of("okta.certificateAuthorities.manage"))),
                "intune", new ConnectorSettings("intune", "mdm.intune", Map.of(
                        "tenantId", "00000000-0000-0000-0000-000000000000",
                        "clientId", "11111111-1111-1111-1111-1111111111aa",
                        "clientSecret", env("GRAPH_CLIENT_SECRET"),
                        "graphBaseUrl", "https://graph.microsoft.com/beta",
                        "authorityHost", "https://login.microsoftonline.com")),
                "jamf", new ConnectorSettings("jamf", "mdm.jamf", Map.of(
                        "url", "https://example.jamfcloud.com",
                        "clientId", env("JAMF_CLIENT_ID"),
                        "clientSecret", new SecretRef(SecretRef.Source.FILE, "secrets/jamf-client-secret"))),
                "workspaceone", new ConnectorSettings("workspaceone", "mdm.workspaceone", Map.of(
                        "url", "https://as1234.awmdm.com",
                        "tokenUrl", "https://na.uemauth.workspaceone.com/connect/token",
                        "clientId", env("WS1_CLIENT_ID"),
                        "clientSecret", env("WS1_CLIENT_SECRET"),
                        "apiKey", env("WS1_API_KEY"),
                        "organizationGroup", "Corp"))),
                List.of(
                        new EnrollmentSpec("windows-intune", Platform.WINDOWS, "intune", ChallengeType.DELEGATED, new CaSpec.OktaCa(),
                                new CertificateSpec("CN={{DeviceId}}",
                                        List.of(new SubjectAlternativeName(SubjectAlternativeName.Type.UPN, "{{UserPrincipalName}}")),
                                        4096, "sha384", defaults.keyUsage(), defaults.extendedKeyUsages(), Period.ofYears(2), 25),
                                new GroupScope(List.of("ODA Windows Pilot"), List.of("Kiosks")), Optional.empty(), Optional.empty()),
                        new EnrollmentSpec("macos-jamf", Platform.MACOS, "jamf", ChallengeType.DYNAMIC, new CaSpec.OktaCa(),
                                withSubject(defaults, "CN=$COMPUTERNAME ODA $UDID"),
                                new GroupScope(List.of("ODA Macs"), List.of()),
                                Optional.of(new RenewalPolicy(Duration.ofDays(30))), Optional.empty()),
                        new EnrollmentSpec("windows-ws1", Platform.WINDOWS, "workspaceone", ChallengeType.STATIC,
                                new CaSpec.CustomCa("corp-issuing-chain", List.of(pki.issuing().certificate().getEncoded(), pki.root().certificate().getEncoded()),
                                        "certs/corp-issuing-chain.pem"),
                                withSubject(defaults, "CN={DeviceUid}"),
                                new GroupScope(List.of("ODA Windows WS1"), List.of()), Optional.empty(),
                                Optional.of(Duration.ofDays(90)))));

        assertThat(config.source()).isEqualTo(file);
        assertThat(config.desired()).isEqualTo(expected);
        assertThat(config.hub()).isEqualTo(new HubSettings(
                HubSettings.State.embedded(dir.resolve("data")),
                new HubSettings.Schedule("0 */15 * * * *"),
                new HubSettings.Server(new HubSettings.Listen("0.0.0.0", 9443), List.of(
                        new HubSettings.ApiToken("servicenow",
                                new HubSettings.TokenDigest.Reference(env("SCEPHUB_SERVICENOW_TOKEN_SHA256"))),
                        new HubSettings.ApiToken("ci", new HubSettings.TokenDigest.Hex(TOKEN_HASH))))));
    }

    @Test
    void hubSectionsHaveDefaultsWhenLeftOut() {
        ScephubConfig config = loader.load(write(minimal("")));

        assertThat(config.hub().state().dataDir()).isEqualTo(dir.resolve("data"));
        assertThat(config.hub().state().jdbcUrl()).isEmpty();
        assertThat(config.hub().schedule().sync()).isEqualTo(HubSettings.Schedule.DEFAULT_SYNC);
        assertThat(config.hub().server().listen()).isEqualTo(new HubSettings.Listen("127.0.0.1", 8443));
        assertThat(config.hub().server().tokens()).isEmpty();
    }

    @Test
    void fileWithManyMistakesReportsEachExactlyOnceAtItsLineAndPath() throws Exception {
        writeChain("chain.pem");
        String yaml = """
                version: 1
                okta:
                  orgUrl: https://example.okta.com
                  auth:
                    apiToken: ${env:OKTA_API_TOKEN}
                mdm:
                  intune:
                    tenantId: not-a-uuid                          # m1
                    clientId: 11111111-1111-1111-1111-111111111111
                    clientSecret: s3cr3t-Value-123                # m2
                  jamf:
                    url: ftp://example.jamfcloud.com              # m3
                    clientId: ${env:JAMF_CLIENT_ID}
                    clientSecret: ${env:JAMF_CLIENT_SECRET}
                enrollments:
                  - name: windows-intune
                    platfrom: windows                             # m4
                    mdm: intune
                    challenge: delegated
                    groups:
                      include: [ "ODA Windows Pilot" ]
                  - name: macos-jamf
                    platform: macos
                    mdm: jamff                                    # m5
                    challenge: dynamic
                    groups:
                      include: [ "ODA Macs" ]
                  - name: macos-custom
                    platform: macos
                    mdm: jamf
                    challenge: dynamic
                    ca:                                           # m6
                      custom:
                        chain: chain.pem
                    groups:
                      include: [ "ODA Macs" ]
                  - name: windows-intune                          # m7
                    platform: windows
                    mdm: intune
                    challenge: delegated
                    certificate:
                      keySize: 1000                               # m8
                    groups:
                      include:
                        - {name: Group}                           # m9
                  - name: windows-two
                    platform: windows
                    mdm: intune
                    challenge: delegated
                    rotateSecretEvery: 30d                        # m10
                    groups:
                      include: [ "X" ]
                      include: [ "Y" ]                            # m11
                server:
                  listen: localhost                               # m12
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(write(yaml)));

        assertThat(e.code()).isEqualTo("CONFIG_INVALID");
        assertThat(e.problems()).extracting(ConfigProblem::line, ConfigProblem::path).containsExactly(
                tuple(yaml, "m1", "mdm.intune.tenantId"),
                tuple(yaml, "m2", "mdm.intune.clientSecret"),
                tuple(yaml, "m3", "mdm.jamf.url"),
                tuple(yaml, "m4", "enrollments[0].platfrom"),
                tuple(yaml, "m5", "enrollments[1].mdm"),
                tuple(yaml, "m6", "enrollments[2].ca"),
                tuple(yaml, "m7", "enrollments[3].name"),
                tuple(yaml, "m8", "enrollments[3].certificate.keySize"),
                tuple(yaml, "m9", "enrollments[3].groups.include[0]"),
                tuple(yaml, "m10", "enrollments[4].rotateSecretEvery"),
                tuple(yaml, "m11", "enrollments[4].groups.include"),
                tuple(yaml, "m12", "server.listen"));
        assertThat(messages(e)).containsExactly(
                "scephub.yaml:8:15: mdm.intune.tenantId: \"not-a-uuid\" is not a UUID; expected 8-4-4-4-12 hex digits, e.g. 00000000-0000-0000-0000-000000000000",
                "scephub.yaml:10:19: mdm.intune.clientSecret: " + Values.SECRET_INLINE,
                "scephub.yaml:12:10: mdm.jamf.url: \"ftp://example.jamfcloud.com\" is not an absolute http(s) URL; expected e.g. https://example.okta.com",
                "scephub.yaml:17:5: enrollments[0].platfrom: unknown key \"platfrom\"; did you mean \"platform\"?",
                "scephub.yaml:24:10: enrollments[1].mdm: \"jamff\" is not one of intune, jamf; did you mean \"jamf\"?",
                "scephub.yaml:32:5: enrollments[2].ca: macOS must use Okta as the CA",
                "scephub.yaml:37:11: enrollments[3].name: \"windows-intune\" is already the name of enrollments[0]; names must be unique",
                "scephub.yaml:42:16: enrollments[3].certificate.keySize: 1000 is not one of 1024, 2048, 3072, 4096",
                "scephub.yaml:45:11: enrollments[3].groups.include[0]: expected a group name, found a mapping",
                "scephub.yaml:50:5: enrollments[4].rotateSecretEvery: only applies to challenge: static (this enrollment uses delegated);"
                        + " remove it or switch to a static challenge",
                "scephub.yaml:53:7: enrollments[4].groups.include: duplicate key \"include\" (first given on line 52); give each key once",
                "scephub.yaml:55:11: server.listen: \"localhost\" is not host:port; expected e.g. 127.0.0.1:8443, 0.0.0.0:8443 or [::1]:8443 (port 0-65535)");
        assertThat(e.getMessage()).startsWith("12 problems in the configuration:\n  scephub.yaml:8:15: mdm.intune.tenantId:");
    }

    @Test
    void literalSecretIsRejectedWithoutEchoingIt() {
        String yaml = """
                version: 1
                okta:
                  orgUrl: https://example.okta.com
                  auth:
                    apiToken: 00aBcDeFgHiJkLmNoPqRsTuVwXyZ-hunter2
                """;

        assertThatThrownBy(() -> loader.load(write(yaml)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("scephub.yaml:5:15: okta.auth.apiToken: secrets must be given by reference"
                        + " (${env:NAME} or ${file:path}), not inline")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("00aBcD");
    }

    @Test
    void malformedSecretReferenceIsNotEchoedEither() {
        String yaml = minimal("").replace("${env:OKTA_API_TOKEN}", "${env:hunter2 secret}");

        assertThatThrownBy(() -> loader.load(write(yaml)))
                .hasMessageContaining("okta.auth.apiToken: is not a valid secret reference")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void tokenDigestThatIsNotHexIsRejectedWithoutEchoingIt() {
        String yaml = minimal("""
                server:
                  tokens:
                    - name: ci
                      sha256: the-raw-bearer-token-by-mistake
                """);

        assertThatThrownBy(() -> loader.load(write(yaml)))
                .hasMessageContaining("server.tokens[0].sha256: is not a SHA-256 digest")
                .hasMessageNotContaining("the-raw-bearer-token");
    }

    @Test
    void duplicateKeysAreReportedAtTheSecondOccurrence() {
        String yaml = """
                version: 1
                okta:
                  orgUrl: https://example.okta.com
                  orgUrl: https://other.okta.com
                  auth:
                    apiToken: ${env:OKTA_API_TOKEN}
                version: 1
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(write(yaml)));

        assertThat(messages(e)).containsExactly(
                "scephub.yaml:4:3: okta.orgUrl: duplicate key \"orgUrl\" (first given on line 3); give each key once",
                "scephub.yaml:7:1: version: duplicate key \"version\" (first given on line 1); give each key once");
    }

    @Test
    void unknownKeysSuggestTheClosestKnownKey() {
        String yaml = minimal(wsOne("""
                  - name: windows-ws1
                    platform: windows
                    mdm: workspaceone
                    challenge: static
                    certificate:
                      hashAlgoritm: sha256
                    groups:
                      include: [ G ]
                """) + """
                shedule:
                  sync: "0 0 * * * *"
                frobnicate: true
                """).replace("  auth:", "  Auth:");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(write(yaml)));

        assertThat(messages(e)).containsExactly(
                "scephub.yaml:4:3: okta.Auth: unknown key \"Auth\"; did you mean \"auth\"?",
                "scephub.yaml:20:7: enrollments[0].certificate.hashAlgoritm: unknown key \"hashAlgoritm\"; did you mean \"hashAlgorithm\"?",
                "scephub.yaml:23:1: shedule: unknown key \"shedule\"; did you mean \"schedule\"?",
                "scephub.yaml:25:1: frobnicate: unknown key \"frobnicate\"; expected one of: version, enrollments, state, schedule, server, delegatedChallenge, sync, notifications, expiry, tenants, templates, tenant-groups, okta, mdm");
    }

    @Test
    void mdmSectionWithoutAProviderListsTheKnownIds() {
        String yaml = minimal("""
                mdm:
                  kandji:
                    url: https://x.kandji.io
                """);

        assertThatThrownBy(() -> loader.load(write(yaml)))
                .hasMessageContaining("mdm.kandji: no connector is installed for mdm.kandji; known: intune, jamf, workspaceone");
    }

    @Test
    void enrollmentNamingAKnownButUnconfiguredMdmSaysSo() {
        String yaml = minimal("""
                mdm:
                  intune:
                    tenantId: 00000000-0000-0000-0000-000000000000
                    clientId: 11111111-1111-1111-1111-111111111111
                    clientSecret: ${env:GRAPH_CLIENT_SECRET}
                enrollments:
                  - name: macos-jamf
                    platform: macos
                    mdm: jamf
                    challenge: dynamic
                    groups: {include: [Macs]}
                """);

        assertThatThrownBy(() -> loader.load(write(yaml)))
                .hasMessageContaining("enrollments[0].mdm: \"jamf\" is a known MDM but is not configured; add a mdm.jamf section"
                        + " (configured: intune)");
    }

    @Test
    void missingRequiredKeysAreNamedWithWhatWasExpected() {
        String yaml = """
                okta:
                  auth:
                    apiToken: ${env:OKTA_API_TOKEN}
                enrollments:
                  - name: w
                    platform: windows
                    challenge: delegated
                    groups: {exclude: [K]}
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(write(yaml)));

        assertThat(messages(e)).containsExactly(
                "scephub.yaml:1:1: version: missing; expected version: 1 at the top of the file",
                "scephub.yaml:2:3: okta.orgUrl: missing; expected an absolute http(s) URL (Okta org URL, e.g. https://example.okta.com)",
                "scephub.yaml:5:5: enrollments[0].mdm: missing; expected the id of a connector configured under mdm:",
                "scephub.yaml:8:13: enrollments[0].groups.include: missing; expected a list of group names");
    }

    @Test
    void wrongTypesSayWhatWasExpectedAndFound() {
        String yaml = """
                version: "1"
                okta: [https://example.okta.com]
                enrollments:
                  name: not-a-list
                state:
                  dataDir: [a, b]
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(write(yaml)));

        assertThat(messages(e)).containsExactly(
                "scephub.yaml:1:10: version: \"1\" is not a supported version; this scephub reads version: 1",
                "scephub.yaml:2:7: okta: expected a mapping (key: value lines), found a list",
                "scephub.yaml:4:3: enrollments: expected a list of enrollments (- name: ...), found a mapping",
                "scephub.yaml:6:12: state.dataDir: expected a directory path, found a list");
    }

    @Test
    void connectorRuleProblemsArePlacedAtTheirLine() {
        String yaml = minimal("""
                mdm:
                  jamf:
                    url: https://example.jamfcloud.com
                    clientId: ${env:JAMF_CLIENT_ID}
                    clientSecret: ${env:JAMF_CLIENT_SECRET}
                enrollments:
                  - name: windows-on-jamf
                    platform: windows
                    mdm: jamf
                    challenge: dynamic
                    groups: {include: [G]}
                """).replace("    apiToken: ${env:OKTA_API_TOKEN}\n", "    apiToken: ${env:OKTA_API_TOKEN}\n    oauth: {clientId: abc}\n");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(write(yaml)));

        assertThat(messages(e)).containsExactly(
                "scephub.yaml:4:3: okta.auth: give either apiToken or oauth (clientId and privateKey)",
                "scephub.yaml:14:15: enrollments[0].platform: Jamf Pro manages only macOS here");
    }

    @Test
    void yamlSyntaxErrorsCarryTheirPosition() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> loader.load(write("version: 1\nokta:\n  orgUrl: [unclosed\n")));

        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().get(0).line()).isEqualTo(4);
        assertThat(e.problems().get(0).message()).startsWith("is not valid YAML");
    }

    @Test
    void emptyAndMissingFilesAreExplained() throws Exception {
        assertThatThrownBy(() -> loader.load(write("# nothing yet\n")))
                .hasMessageContaining("scephub.yaml:1:1: the file is empty; expected a mapping that starts with version: 1");
        assertThatThrownBy(() -> loader.load(dir.resolve("absent.yaml")))
                .hasMessageContaining("absent.yaml: file not found");
    }

    @Test
    void typedSettingsAreCheckedAgainstTheirType() {
        String yaml = minimal("""
                mdm:
                  intune:
                    tenantId: 00000000-0000-0000-0000-000000000000
                    clientId: 11111111-1111-1111-1111-111111111111
                    clientSecret: ${env:GRAPH_CLIENT_SECRET}
                    graphBaseUrl: ${env:GRAPH_URL}
                    authorityHost: login.microsoftonline.com
                """);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(write(yaml)));

        assertThat(messages(e)).containsExactly(
                "scephub.yaml:11:19: mdm.intune.graphBaseUrl: \"${env:GRAPH_URL}\" is not an absolute http(s) URL; expected e.g."
                        + " https://example.okta.com; ${env:...} and ${file:...} references are only accepted in secret settings",
                "scephub.yaml:12:20: mdm.intune.authorityHost: \"login.microsoftonline.com\" is not an absolute http(s) URL;"
                        + " expected e.g. https://example.okta.com");
    }

    @Test
    void certificateAndHubValuesAreRangeChecked() {
        String yaml = minimal("""
                mdm:
                  intune:
                    tenantId: 00000000-0000-0000-0000-000000000000
                    clientId: 11111111-1111-1111-1111-111111111111
                    clientSecret: ${env:GRAPH_CLIENT_SECRET}
                enrollments:
                  - name: Windows_Intune
                    platform: linux
                    mdm: intune
                    challenge: delegated
                    certificate:
                      validity: 1w
                      renewalThresholdPercent: 100
                      extendedKeyUsages: [{name: Client Authentication, oid: client-auth}]
                      subjectAlternativeNames: [{type: ip, value: x}]
                    groups:
                      include: [A]
                      exclude: [A]
                schedule:
                  sync: "0 */15 * * *"
                state:
                  password: ${env:DB_PASSWORD}
                """);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(write(yaml)));

        assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly(
                "enrollments[0].name",
                "enrollments[0].platform",
                "enrollments[0].certificate.validity",
                "enrollments[0].certificate.renewalThresholdPercent",
                "enrollments[0].certificate.extendedKeyUsages[0].oid",
                "enrollments[0].certificate.subjectAlternativeNames[0].type",
                "enrollments[0].groups.exclude[0]",
                "schedule.sync",
                "state.password");
        assertThat(messages(e)).anySatisfy(m -> assertThat(m).contains(
                "schedule.sync: \"0 */15 * * *\" has 5 fields; expected 6: second minute hour day-of-month month day-of-week"));
    }

    @Test
    void customCaChainAcceptsMultiCertificatePemAndSingleDer() throws Exception {
        writeChain("chain.pem");
        Files.write(dir.resolve("issuing.cer"), pki.issuing().certificate().getEncoded());
        String yaml = minimal(wsOne("""
                  - name: one
                    platform: windows
                    mdm: workspaceone
                    challenge: static
                    ca: {custom: {name: corp, chain: chain.pem}}
                    groups: {include: [A]}
                  - name: two
                    platform: windows
                    mdm: workspaceone
                    challenge: static
                    ca: {custom: {chain: "${file:issuing.cer}"}}
                    groups: {include: [B]}
                """));

        DesiredState state = loader.load(write(yaml)).desired();

        assertThat(state.enrollment("one").orElseThrow().ca()).isEqualTo(
                new CaSpec.CustomCa("corp", List.of(pki.issuing().certificate().getEncoded(), pki.root().certificate().getEncoded()), "chain.pem"));
        assertThat(state.enrollment("two").orElseThrow().ca()).isEqualTo(
                new CaSpec.CustomCa("issuing", List.of(pki.issuing().certificate().getEncoded()), "issuing.cer"));
    }

    @Test
    void pkcs7ChainsAreRefusedWithTheConversionCommand() throws Exception {
        Files.write(dir.resolve("chain.p7b"), pki.pkcs7Pem());
        Files.write(dir.resolve("chain-der.p7b"), pki.pkcs7Der());

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(write(minimal(wsOne("""
                  - name: pem
                    platform: windows
                    mdm: workspaceone
                    challenge: static
                    ca: {custom: {chain: chain.p7b}}
                    groups: {include: [A]}
                  - name: der
                    platform: windows
                    mdm: workspaceone
                    challenge: static
                    ca: {custom: {chain: "${file:chain-der.p7b}"}}
                    groups: {include: [A]}
                """)))));

        assertThat(messages(e)).containsExactly(
                "scephub.yaml:19:26: enrollments[0].ca.custom.chain: chain.p7b is a PKCS#7 bundle; Okta accepts only PEM or DER"
                        + " certificates. Convert it: openssl pkcs7 -print_certs -in chain.p7b -out chain.pem",
                "scephub.yaml:25:26: enrollments[1].ca.custom.chain: chain-der.p7b is a PKCS#7 bundle; Okta accepts only PEM or DER"
                        + " certificates. Convert it: openssl pkcs7 -print_certs -in chain-der.p7b -out chain.pem");
    }

    @Test
    void pkcs12ContainersAreRefusedWithTheExtractionCommand() throws Exception {
        Files.write(dir.resolve("issuing.pfx"), pki.pkcs12("issuing", "test-only".toCharArray()));

        assertThatThrownBy(() -> loader.load(write(minimal(wsOne("""
                  - name: pfx
                    platform: windows
                    mdm: workspaceone
                    challenge: static
                    ca: {custom: {chain: issuing.pfx}}
                    groups: {include: [A]}
                """))))).hasMessageContaining("enrollments[0].ca.custom.chain: issuing.pfx is a PKCS#12/PFX container; Okta accepts"
                + " only PEM or DER certificates. Extract the certificates: openssl pkcs12 -in issuing.pfx -nokeys -out chain.pem");
    }

    @Test
    void missingChainFileIsNamed() {
        assertThatThrownBy(() -> loader.load(write(minimal(wsOne("""
                  - name: gone
                    platform: windows
                    mdm: workspaceone
                    challenge: static
                    ca: {custom: {chain: certs/nowhere.pem}}
                    groups: {include: [A]}
                """))))).hasMessageContaining("enrollments[0].ca.custom.chain: file certs/nowhere.pem not found (looked for "
                + dir.resolve("certs/nowhere.pem") + ")");
    }

    @Test
    void chainFileWithAPrivateKeyIsRefused() throws Exception {
        Files.writeString(dir.resolve("bundle.pem"), pki.pem() + TestPki.armorText("PRIVATE KEY", pki.issuing().keys().getPrivate().getEncoded()));

        assertThatThrownBy(() -> loader.load(write(minimal(wsOne("""
                  - name: keyed
                    platform: windows
                    mdm: workspaceone
                    challenge: static
                    ca: {custom: {chain: bundle.pem}}
                    groups: {include: [A]}
                """))))).hasMessageContaining("bundle.pem contains a private key; the chain file must hold only the CA certificates");
    }

    @Test
    void anchorsAndAliasesWorkButMergeKeysAreRefused() {
        String yaml = minimal(wsOne("""
                  - name: one
                    platform: windows
                    mdm: workspaceone
                    challenge: static
                    groups: &pilot {include: [Pilot]}
                  - name: two
                    platform: windows
                    mdm: workspaceone
                    challenge: static
                    groups: *pilot
                """));
        assertThat(loader.load(write(yaml)).desired().enrollment("two").orElseThrow().groups().include()).containsExactly("Pilot");

        String merged = minimal(wsOne("""
                  - &base
                    name: one
                    platform: windows
                    mdm: workspaceone
                    challenge: static
                    groups: {include: [Pilot]}
                  - <<: *base
                    name: two
                """));
        assertThatThrownBy(() -> loader.load(write(merged)))
                .hasMessageContaining("enrollments[1].<<: YAML merge keys (<<) are not supported; write the keys out");
    }

    @Test
    void connectorProblemPathsAreMappedBackToTheFileIndex() {
        assertThat(ConfigLoader.toFilePath("enrollments[1].ca", List.of(0, 3, 4))).isEqualTo("enrollments[3].ca");
        assertThat(ConfigLoader.toFilePath("mdm.intune.tenantId", List.of(2))).isEqualTo("mdm.intune.tenantId");
    }

    static String minimal(String rest) {
        return """
                version: 1
                okta:
                  orgUrl: https://example.okta.com
                  auth:
                    apiToken: ${env:OKTA_API_TOKEN}
                """ + rest;
    }

    static String wsOne(String enrollments) {
        return """
                mdm:
                  workspaceone:
                    url: https://as1234.awmdm.com
                    tokenUrl: https://na.uemauth.workspaceone.com/connect/token
                    clientId: ${env:WS1_CLIENT_ID}
                    clientSecret: ${env:WS1_CLIENT_SECRET}
                    apiKey: ${env:WS1_API_KEY}
                    organizationGroup: Corp
                enrollments:
                """ + enrollments;
    }

    private Path write(String yaml) {
        try {
            return Files.writeString(dir.resolve("scephub.yaml"), yaml);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void writeChain(String relative) throws Exception {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "# exported from the corp PKI\n" + pki.pem());
    }

    private static SecretRef env(String name) {
        return new SecretRef(SecretRef.Source.ENV, name);
    }

    private static CertificateSpec withSubject(CertificateSpec spec, String subject) {
        return new CertificateSpec(subject, spec.subjectAlternativeNames(), spec.keySize(), spec.hashAlgorithm(), spec.keyUsage(),
                spec.extendedKeyUsages(), spec.validity(), spec.renewalThresholdPercent());
    }

    private static List<String> messages(ConfigException e) {
        return e.problems().stream().map(ConfigProblem::render).toList();
    }

    /** (line of the marker comment, path), so the expectations do not hard-code line numbers. */
    private static org.assertj.core.groups.Tuple tuple(String yaml, String marker, String path) {
        List<String> lines = yaml.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith("# " + marker)) {
                return org.assertj.core.groups.Tuple.tuple(i + 1, path);
            }
        }
        throw new IllegalArgumentException("no marker " + marker);
    }
}
