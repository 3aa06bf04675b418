package io.scephub.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.model.CaSpec;
import io.scephub.core.model.ChallengeType;
import io.scephub.fixtures.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleFileTest {
    @TempDir
    Path dir;

    @Test
    void exampleFileLoadsWithTheFourConnectors() throws Exception {
        Path copy = Files.copy(JsonSchemaGeneratorTest.EXAMPLE, dir.resolve("scephub.yaml"));
        Files.createDirectories(dir.resolve("certs"));
        TestPki.CaChain pki = TestPki.caChain("Test");
        Files.writeString(dir.resolve("certs/corp-issuing-chain.pem"), pki.pem());
        Files.writeString(dir.resolve("certs/intune-challenge-root.pem"), TestPki.armorText("CERTIFICATE", pki.root().certificate().getEncoded()));
        Files.writeString(dir.resolve("certs/intune-signer-k1.pem"), TestPki.armorText("PUBLIC KEY", pki.issuing().keys().getPublic().getEncoded()));

        ScephubConfig config = new ConfigLoader(FakeProviders.all()).load(copy);

        assertThat(config.desired().connectors()).containsOnlyKeys("okta", "intune", "jamf", "workspaceone");
        assertThat(config.desired().enrollments()).extracting(e -> e.name())
                .containsExactly("windows-intune", "macos-jamf", "windows-ws1");
        assertThat(config.desired().enrollment("windows-ws1").orElseThrow().ca())
                .isInstanceOfSatisfying(CaSpec.CustomCa.class, ca -> {
                    assertThat(ca.name()).isEqualTo("corp-issuing");
                    assertThat(ca.chainDer()).hasSize(2);
                });
        assertThat(config.desired().enrollment("windows-intune").orElseThrow().challenge()).isEqualTo(ChallengeType.DELEGATED);
        assertThat(config.hub().server().tokens()).hasSize(2);
        assertThat(config.delegatedChallenge()).hasValueSatisfying(trust ->
                assertThat(trust.signers()).singleElement().satisfies(signer -> {
                    assertThat(signer.keys()).containsOnlyKeys("k1");
                    assertThat(signer.enrollment()).contains("windows-intune");
                }));
    }
}
