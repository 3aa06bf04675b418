package io.scephub.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonSchemaGeneratorTest {
    static final Path EXAMPLE = Path.of("../examples/scephub.yaml");

    final ObjectNode generated = new JsonSchemaGenerator(FakeProviders.all()).generate();
    final Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(generated.toString(), InputFormat.JSON);

    @Test
    void schemaIsDraft2020AndDescribesProviderSectionsFromTheirSettings() {
        assertThat(generated.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        JsonNode okta = generated.at("/properties/okta");
        assertThat(okta.at("/properties/orgUrl/description").asText()).isEqualTo("Okta org URL, e.g. https://example.okta.com");
        assertThat(okta.at("/properties/auth/properties/oauth/properties/scopes/default"))
                .containsExactly(json("\"okta.certificateAuthorities.manage\""));
        assertThat(okta.at("/required")).containsExactly(json("\"orgUrl\""));
        assertThat(generated.at("/properties/mdm/properties/intune/properties/clientSecret/$ref").asText()).isEqualTo("#/$defs/secretRef");
        assertThat(generated.at("/properties/mdm/properties/intune/properties/graphBaseUrl/default").asText())
                .isEqualTo("https://graph.microsoft.com/beta");
        // okta is required at the top of a file without tenants: (and inside each tenant of a file with them)
        assertThat(generated.at("/required")).containsExactly(json("\"version\""));
        assertThat(generated.at("/else/required")).containsExactly(json("\"okta\""));
        assertThat(generated.at("/properties/tenants/items/required")).containsExactly(json("\"name\""), json("\"okta\""));
    }

    @Test
    void exampleFileValidatesAgainstTheGeneratedSchema() throws Exception {
        assertThat(validate(Files.readString(EXAMPLE))).isEmpty();
    }

    @Test
    void tenantsExampleValidatesAndRootSectionsBesideTenantsDoNot() throws Exception {
        assertThat(validate(Files.readString(TenantsConfigTest.EXAMPLE))).isEmpty();
        assertThat(validate(Files.readString(TenantsConfigTest.EXAMPLE) + "okta:\n  orgUrl: https://x.okta.com\n")).isNotEmpty();
        assertThat(validate("version: 1\n")).isNotEmpty();
    }

    @Test
    void aTenantMayHaveItsOwnDelegatedChallengeButTheFileBesideTenantsMayNot() throws Exception {
        String example = Files.readString(TenantsConfigTest.EXAMPLE);
        String section = """
                delegatedChallenge:
                  signers:
                    - {issuer: "intune:tenant", audience: "okta-scep:windows-delegated", algorithms: [ES256], keys: {k1: certs/k1.pem}}
                """;
        String inFirstTenant = example.replaceFirst("(?m)^(  - name: prod\\n)", "$1" + section.indent(4).replace("$", "\\$"));

        assertThat(inFirstTenant).as("the section went into tenants[0]").isNotEqualTo(example);
        assertThat(validate(inFirstTenant)).isEmpty();
        assertThat(validate(example + section)).isNotEmpty();
    }

    @Test
    void loaderTestsValidFileValidatesAgainstTheGeneratedSchema() throws Exception {
        assertThat(validate(ConfigLoaderTest.VALID)).isEmpty();
    }

    @Test
    void schemaRejectsWhatTheLoaderRejects() throws Exception {
        String yaml = ConfigLoaderTest.minimal("""
                mdm:
                  intune:
                    tenantId: not-a-uuid
                    clientId: 11111111-1111-1111-1111-111111111111
                    clientSecret: inline-secret
                enrollments:
                  - name: Bad_Name
                    platfrom: windows
                    mdm: intune
                    challenge: dynamic
                    rotateSecretEvery: 30d
                    groups: {include: []}
                """);

        List<String> errors = validate(yaml);

        assertThat(String.join("\n", errors)).contains("tenantId", "clientSecret", "name", "platfrom", "include", "challenge");
    }

    @Test
    void reuseReadsForAcceptsZeroAsNumberOrTextAndPositiveDurations() throws Exception {
        for (String ok : List.of("0", "0s", "90s", "10m", "1h")) {
            assertThat(validate(ConfigLoaderTest.minimal("state:\n  reuseReadsFor: " + ok + "\n"))).as(ok).isEmpty();
        }
        for (String bad : List.of("-5m", "abc", "1", "10 m")) {
            assertThat(validate(ConfigLoaderTest.minimal("state:\n  reuseReadsFor: " + bad + "\n"))).as(bad).isNotEmpty();
        }
    }

    @Test
    void clockSkewAcceptsZeroAsNumberOrTextLikeTheLoader() throws Exception {
        String section = """
                delegatedChallenge:
                  clockSkew: %s
                  signers:
                    - issuer: "intune:tenant"
                      audience: "okta-scep:windows-delegated"
                      algorithms: [ES256]
                      keys: { k1: certs/k1.pem }
                """;
        for (String ok : List.of("0", "0s", "60s")) {
            assertThat(validate(ConfigLoaderTest.minimal(section.formatted(ok)))).as(ok).isEmpty();
        }
        for (String bad : List.of("-5s", "1", "abc")) {
            assertThat(validate(ConfigLoaderTest.minimal(section.formatted(bad)))).as(bad).isNotEmpty();
        }
    }

    private List<String> validate(String yaml) throws Exception {
        String asJson = new ObjectMapper().writeValueAsString(new YAMLMapper().readTree(yaml));
        List<Error> errors = schema.validate(asJson, InputFormat.JSON);
        return errors.stream().map(Error::toString).toList();
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
