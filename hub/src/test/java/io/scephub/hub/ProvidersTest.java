package io.scephub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.spi.ConnectorProvider;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProvidersTest {
    private static final ClassLoader LOADER = ProvidersTest.class.getClassLoader();

    @Test
    void aListOfTheClassPathsProvidersGivesTheSameProvidersAsServiceLoader() throws Exception {
        List<ConnectorProvider> scanned = Providers.scan();
        String index = String.join("\n", scanned.stream().map(p -> p.getClass().getName()).toList()) + "\n";

        List<ConnectorProvider> listed = Providers.listed(stream(index), LOADER).orElseThrow();

        assertThat(ids(listed)).containsExactlyElementsOf(ids(scanned)).containsExactlyInAnyOrder("intune", "jamf", "okta", "workspaceone");
    }

    @Test
    void aListNamingAClassThatIsNotThereLeavesTheChoiceToServiceLoader() throws Exception {
        String index = "io.scephub.okta.OktaConnectorProvider\nio.scephub.gone.GoneConnectorProvider\n";

        assertThat(Providers.listed(stream(index), LOADER)).isEmpty();
    }

    @Test
    void discoverSortsByIdWhicheverWayTheProvidersWereFound() {
        assertThat(ids(Providers.discover().all())).containsExactly("intune", "jamf", "okta", "workspaceone");
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> ids(List<ConnectorProvider> providers) {
        return providers.stream().map(ConnectorProvider::id).toList();
    }
}
