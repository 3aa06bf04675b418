package io.scephub.hub.cds;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.hub.Providers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderIndexTest {
    @TempDir
    Path classes;

    @Test
    void listsEveryConnectorProviderServiceLoaderFindsOneALine() throws Exception {
        Path index = ProviderIndex.write(classes);

        assertThat(index).isEqualTo(classes.resolve(Providers.INDEX));
        assertThat(Files.readAllLines(index)).containsExactlyElementsOf(
                Providers.scan().stream().map(p -> p.getClass().getName()).toList());
        assertThat(Files.readAllLines(index)).contains("io.scephub.okta.OktaConnectorProvider", "io.scephub.intune.IntuneConnectorProvider",
                "io.scephub.jamf.JamfConnectorProvider", "io.scephub.workspaceone.WorkspaceOneConnectorProvider");
    }
}
