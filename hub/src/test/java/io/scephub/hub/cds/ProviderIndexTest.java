package io.scephub.hub.cds;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.hub.Providers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
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

    @Test
    void aListAlreadyAsItWouldBeWrittenIsNotWrittenAgainButAStaleOneIs() throws Exception {
        Path index = ProviderIndex.write(classes);
        FileTime written = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        Files.setLastModifiedTime(index, written);

        ProviderIndex.write(classes);
        assertThat(Files.getLastModifiedTime(index)).as("unchanged list left alone").isEqualTo(written);

        Files.writeString(index, "io.scephub.gone.GoneConnectorProvider\n");
        ProviderIndex.write(classes);
        assertThat(Files.readAllLines(index)).containsExactlyElementsOf(
                Providers.scan().stream().map(p -> p.getClass().getName()).toList());
    }
}
