package io.scephub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.scephub.core.challenge.ChallengeSigner;
import io.scephub.core.challenge.ChallengeTrust;
import io.scephub.core.challenge.JwsAlgorithm;
import io.scephub.fixtures.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DelegatedChallengeConfigTest {
    @TempDir
    Path dir;

    final ConfigLoader loader = new ConfigLoader(FakeProviders.all());
    TestPki.CaChain pki;

    @BeforeEach
    void files() throws Exception {
        pki = TestPki.caChain("Test");
        Files.createDirectories(dir.resolve("certs"));
        Files.writeString(dir.resolve("certs/root.pem"), TestPki.armorText("CERTIFICATE", pki.root().certificate().getEncoded()));
        Files.writeString(dir.resolve("certs/k1.pem"), TestPki.armorText("PUBLIC KEY", pki.issuing().keys().getPublic().getEncoded()));
        Files.writeString(dir.resolve("certs/k2.pem"), TestPki.armorText("CERTIFICATE", pki.issuing().certificate().getEncoded()));
    }

    private static String config(String section) {
        return ConfigLoaderTest.minimal(section);
    }

    private Path write(String yaml) throws Exception {
        return Files.writeString(dir.resolve("scephub.yaml"), yaml);
    }

    private ConfigException problems(String yaml) throws Exception {
        Path file = write(yaml);
        return catchThrowableOfType(ConfigException.class, () -> loader.load(file));
    }

    @Test
    void theSpecShapeBecomesAChallengeTrustWithFilesReadRelativeToTheConfig() throws Exception {
        ScephubConfig config = loader.load(write(config("""
                delegatedChallenge:
                  maxLifetime: 30m
                  clockSkew: 0s
                  signers:
                    - issuer: "intune:tenant"
                      audience: "okta-scep:windows-delegated"
                      algorithms: [ES256, PS256]
                      trustAnchors: [certs/root.pem]
                      requiredSignerEku: 1.3.6.1.5.5.7.3.3
                      keys: { k1: certs/k1.pem, k2: certs/k2.pem }
                      requireKeyBinding: true
                      platform: windows
                """)));

        ChallengeTrust trust = config.delegatedChallenge().orElseThrow();
        assertThat(trust.maxLifetime()).isEqualTo(Duration.ofMinutes(30));
        assertThat(trust.clockSkew()).isZero();
        ChallengeSigner signer = trust.signers().get(0);
        assertThat(signer.algorithms()).isEqualTo(Set.of(JwsAlgorithm.ES256, JwsAlgorithm.PS256));
        assertThat(signer.trustAnchors()).containsExactly(pki.root().certificate());
        assertThat(signer.requiredSignerEku()).contains("1.3.6.1.5.5.7.3.3");
        assertThat(signer.keys()).containsOnlyKeys("k1", "k2");
        assertThat(signer.keys().get("k1").getEncoded()).isEqualTo(pki.issuing().keys().getPublic().getEncoded());
        assertThat(signer.keys().get("k2").getEncoded()).isEqualTo(pki.issuing().certificate().getPublicKey().getEncoded());
        assertThat(signer.requireKeyBinding()).isTrue();
        assertThat(signer.platform()).hasValueSatisfying(p -> assertThat(p.configName()).isEqualTo("windows"));
    }

    @Test
    void withoutTheSectionThereIsNoTrustAndDefaultsApplyWhenOmitted() throws Exception {
        assertThat(loader.load(write(config(""))).delegatedChallenge()).isEmpty();
        ChallengeTrust trust = loader.load(write(config("""
                delegatedChallenge:
                  signers:
                    - {issuer: i, audience: a, algorithms: [ES256], keys: {k1: certs/k1.pem}}
                """))).delegatedChallenge().orElseThrow();
        assertThat(trust.maxLifetime()).isEqualTo(ChallengeTrust.DEFAULT_MAX_LIFETIME);
        assertThat(trust.clockSkew()).isEqualTo(ChallengeTrust.DEFAULT_CLOCK_SKEW);
    }

    @Test
    void everyBadValueIsReportedAtItsLineAndPath() throws Exception {
        ConfigException e = problems(config("""
                delegatedChallenge:
                  maxLifetime: soon
                  signers:
                    - issuer: i
                      audience: a
                      algorithms: [ES256, HS256]
                      trustAnchors: [certs/missing.pem]
                      keys:
                        k1: certs/k1.pem
                        k1: certs/k2.pem
                        k3: scephub.yaml
                      platform: linux
                      enrollment: nowhere
                """));
        assertThat(e.problems()).extracting(p -> p.line() + ":" + p.path())
                .contains("7:delegatedChallenge.maxLifetime",
                        "11:delegatedChallenge.signers[0].algorithms[1]",
                        "12:delegatedChallenge.signers[0].trustAnchors[0]",
                        "15:delegatedChallenge.signers[0].keys.k1",
                        "16:delegatedChallenge.signers[0].keys.k3",
                        "17:delegatedChallenge.signers[0].platform",
                        "18:delegatedChallenge.signers[0].enrollment");
        assertThat(e.getMessage()).contains("\"HS256\" is not a supported algorithm", "duplicate key \"k1\"",
                "certs/missing.pem not found", "holds no complete PEM block", "\"nowhere\" is not the name of an enrollment");
    }

    @Test
    void aKeyIdGivenTwoDifferentKeysBySeparateSignersIsRefusedAtTheSecondSigner() throws Exception {
        ConfigException e = problems(config("""
                delegatedChallenge:
                  signers:
                    - {issuer: i, audience: a, algorithms: [ES256], keys: {k1: certs/k1.pem}}
                    - {issuer: j, audience: a, algorithms: [ES256], keys: {k1: certs/root.pem}}
                """));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("delegatedChallenge.signers[1].keys.k1");
            assertThat(p.line()).isEqualTo(9);
            assertThat(p.message()).contains("used by another signer for a different key");
        });
    }

    @Test
    void aKeyThatFitsNoneOfTheSignersAlgorithmsIsRefused() throws Exception {
        Files.writeString(dir.resolve("certs/rsa.pem"), TestPki.armorText("PUBLIC KEY", TestPki.rsaKey(2048).getPublic().getEncoded()));
        ConfigException e = problems(config("""
                delegatedChallenge:
                  signers:
                    - issuer: i
                      audience: a
                      algorithms: [ES256]
                      keys: {k1: certs/rsa.pem}
                """));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("delegatedChallenge.signers[0].keys.k1");
            assertThat(p.line()).isEqualTo(8);
            assertThat(p.message()).contains("RSA key cannot verify");
        });
    }

    @Test
    void aPrivateKeyFileIsRefusedWithoutShowingIt() throws Exception {
        Files.writeString(dir.resolve("certs/private.pem"), TestPki.armorText("PRIVATE KEY", pki.issuing().keys().getPrivate().getEncoded()));
        ConfigException e = problems(config("""
                delegatedChallenge:
                  signers:
                    - {issuer: i, audience: a, algorithms: [ES256], keys: {k1: certs/private.pem}}
                """));
        assertThat(e.getMessage()).contains("contains a private key").doesNotContain("MII");
    }

    @Test
    void aSignerNamingAnEnrollmentWithItsOwnMistakesIsNotCalledUnknown() throws Exception {
        ConfigException e = problems(config("""
                mdm:
                  intune:
                    tenantId: 00000000-0000-0000-0000-000000000000
                    clientId: 11111111-1111-1111-1111-111111111111
                    clientSecret: ${env:GRAPH_CLIENT_SECRET}
                enrollments:
                  - name: windows-intune
                    platform: windows
                    mdm: intune
                    challenge: delegated
                    groups: { include: [ "ODA Windows Pilot" ] }
                  - name: windows-broken
                    platform: linux
                    mdm: intune
                    challenge: delegated
                    groups: { include: [ "ODA Windows Pilot" ] }
                delegatedChallenge:
                  signers:
                    - {issuer: i, audience: a, algorithms: [ES256], keys: {k1: certs/k1.pem}, enrollment: windows-intune}
                    - {issuer: i, audience: b, algorithms: [ES256], keys: {k1: certs/k1.pem}, enrollment: windows-broken}
                    - {issuer: i, audience: c, algorithms: [ES256], keys: {k1: certs/k1.pem}, enrollment: windows-nowhere}
                """));

        assertThat(e.problems()).extracting(ConfigProblem::path)
                .containsExactly("enrollments[1].platform", "delegatedChallenge.signers[2].enrollment");
    }

    /** Two tenants, each with its own Okta org and Intune tenant; {@code a} and {@code b}'s extra lines go at the end of each. */
    private static String twoTenants(String a, String b) {
        String tenant = """
                  - name: %s
                    okta:
                      orgUrl: https://%s.okta.com
                      auth:
                        apiToken: ${env:%s_OKTA_API_TOKEN}
                    mdm:
                      intune:
                        tenantId: 00000000-0000-0000-0000-000000000000
                        clientId: 11111111-1111-1111-1111-111111111111
                        clientSecret: ${env:%s_GRAPH_CLIENT_SECRET}
                    enrollments:
                      - name: windows-%s
                        platform: windows
                        mdm: intune
                        challenge: delegated
                        groups: { include: [ "ODA Windows Pilot" ] }
                """;
        return "version: 1\ntenants:\n" + tenant.formatted("a", "a", "A", "A", "a") + a + tenant.formatted("b", "b", "B", "B", "b") + b;
    }

    @Test
    void eachTenantTrustsOnlyTheSignersOfItsOwnSection() throws Exception {
        ScephubConfig config = loader.load(write(twoTenants("""
                    delegatedChallenge:
                      maxLifetime: 30m
                      signers:
                        - {issuer: "intune:a", audience: a, algorithms: [ES256], keys: {k1: certs/k1.pem}, enrollment: windows-a}
                """, "")));

        ChallengeTrust a = config.tenant("a").orElseThrow().delegatedChallenge().orElseThrow();
        assertThat(a.maxLifetime()).isEqualTo(Duration.ofMinutes(30));
        assertThat(a.signers()).singleElement().satisfies(s -> {
            assertThat(s.issuer()).isEqualTo("intune:a");
            assertThat(s.enrollment()).contains("windows-a");
        });
        assertThat(config.tenant("b").orElseThrow().delegatedChallenge()).isEmpty();
        assertThat(config.forTenant("a").delegatedChallenge()).containsSame(a);
        assertThat(config.forTenant("b").delegatedChallenge()).isEmpty();
        // The file as a whole trusts nobody: only a tenant does.
        assertThat(config.delegatedChallenge()).isEmpty();
    }

    @Test
    void aTenantsSignerMayNameOnlyThatTenantsEnrollmentsAndItsMistakesArePlacedInTheTenant() throws Exception {
        ConfigException e = problems(twoTenants("", """
                    delegatedChallenge:
                      maxLifetime: soon
                      signers:
                        - {issuer: "intune:b", audience: b, algorithms: [ES256], keys: {k1: certs/k1.pem}, enrollment: windows-a}
                """));

        assertThat(e.problems()).extracting(ConfigProblem::path)
                .containsExactly("tenants[1].delegatedChallenge.maxLifetime", "tenants[1].delegatedChallenge.signers[0].enrollment");
        assertThat(e.getMessage()).contains("\"windows-a\" is not the name of an enrollment of this tenant");
    }

    @Test
    void aFileWideSectionBesideTenantsIsRefusedSoNoSignerIsTrustedByEveryTenant() throws Exception {
        ConfigException e = problems(twoTenants("", "") + """
                delegatedChallenge:
                  signers:
                    - {issuer: i, audience: a, algorithms: [ES256], keys: {k1: certs/k1.pem}}
                """);

        assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly("delegatedChallenge");
        assertThat(e.getMessage()).contains("with tenants:, each tenant trusts its own signers; move delegatedChallenge: into the"
                + " tenants[] entry");
    }
}
