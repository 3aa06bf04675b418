package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.config.ConfigLoader;
import io.scephub.config.JsonSchemaGenerator;
import io.scephub.config.ScephubConfig;
import io.scephub.hub.Providers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/scephub.schema.json and examples/scephub.yaml stay true to the connectors that ship. */
class PublishedSchemaTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void publishedSchemaMatchesTheShippedConnectors() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        // Through text, as the published file was made, so number node types compare alike.
        JsonNode generated = mapper.readTree(mapper.writeValueAsString(new JsonSchemaGenerator(Providers.discover().all()).generate()));
        JsonNode published = mapper.readTree(ROOT.resolve("docs/scephub.schema.json").toFile());
        assertThat(published).as("regenerate with: ./scephub schema > docs/scephub.schema.json").isEqualTo(generated);
    }

    @ParameterizedTest
    @ValueSource(strings = {"examples/scephub.yaml", "examples/tenants.yaml", "deploy/scephub.yaml"})
    void theExampleFilesAreValidForTheShippedConnectors(String file) {
        Path example = ROOT.resolve(file);
        assertThat(Files.exists(example)).isTrue();
        ScephubConfig config = new ConfigLoader(Providers.discover().all()).load(example);
        assertThat(config.tenantNames()).isNotEmpty()
                .allSatisfy(tenant -> assertThat(config.forTenant(tenant).desired().enrollments()).as(tenant).isNotEmpty());
    }
}
