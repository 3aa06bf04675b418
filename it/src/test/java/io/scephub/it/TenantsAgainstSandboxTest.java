package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.fixtures.Sandboxes;
import io.scephub.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two tenants, each its own sandbox (its own Okta org and Intune tenant): one sync works on both at
 * once; one tenant's vendor being down fails only that tenant; promotion from a preview tenant to its
 * production tenant applies only what converged and validates in preview, and refuses otherwise.
 */
@ExtendWith(SandboxExtension.class)
class TenantsAgainstSandboxTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Sandbox preview;
    private Sandbox prod;
    private HubCli cli;

    @BeforeEach
    void startSandboxes(Sandboxes sandboxes) throws Exception {
        preview = sandboxes.named("preview");
        prod = sandboxes.named("prod");
        TwoTenants tenants = new TwoTenants(prod, preview);
        cli = new HubCli(dir, tenants.env());
        Files.writeString(dir.resolve("scephub.yaml"), "version: 1\n" + TwoTenants.WINDOWS_TEMPLATE + """
                  - name: oda-macs
                    applyTo: { tenants: [ preview, prod ] }
                    enrollments:
                      - name: macos-intune
                        platform: macos
                        mdm: intune
                        challenge: delegated
                        groups:
                          include: [ "ODA Macs" ]
                tenants:
                """ + tenants.entry("prod", "", true) + tenants.entry("preview", "    preview-of: prod\n", true));
    }

    @Test
    void oneSyncConvergesBothTenantsAndEachHasItsOwnObjects() {
        HubCli.Run sync = cli.run("sync");
        assertThat(sync.exitCode()).as(sync.all()).isZero();
        assertThat(sync.out()).contains("== tenant prod").contains("== tenant preview").contains("tenants: prod ok (0), preview ok (0)");
        assertThat(TwoTenants.owned(prod)).hasSize(4);
        assertThat(TwoTenants.owned(preview)).hasSize(4);

        HubCli.Run plan = cli.run("plan", "--tenant", "prod,preview");
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        HubCli.Run one = cli.run("plan", "--tenant", "preview", "--output", "json");
        assertThat(one.exitCode()).as(one.all()).isZero();
        assertThat(one.out()).doesNotContain("== tenant");
    }

    @Test
    void oneTenantsVendorDownFailsOnlyThatTenant() throws Exception {
        prod.close();

        HubCli.Run sync = cli.run("sync", "--output", "json");

        assertThat(sync.exitCode()).as(sync.all()).isEqualTo(1);
        JsonNode report = JSON.readTree(sync.out());
        assertThat(report.path("tenants")).extracting(t -> t.path("tenant").asText(), t -> t.path("exitCode").asInt())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("prod", 1), org.assertj.core.groups.Tuple.tuple("preview", 0));
        assertThat(report.at("/tenants/1/result/status").asText()).isEqualTo("succeeded");
        assertThat(report.at("/tenants/0/result/status").asText()).isEqualTo("failed");
        assertThat(TwoTenants.owned(preview)).hasSize(4);
        assertThat(cli.run("plan", "--tenant", "preview").exitCode()).isZero();
        assertThat(sync.all()).doesNotContain(preview.options().oktaApiToken()).doesNotContain(prod.options().oktaApiToken())
                .doesNotContain(preview.options().clientSecret());
    }

    @Test
    void promotionRefusesUntilPreviewConvergedAndValidatesThenAppliesOnlyThoseTemplates() throws Exception {
        HubCli.Run early = cli.run("promote", "--from", "preview", "--to", "prod", "--auto-approve");
        assertThat(early.exitCode()).as(early.all()).isEqualTo(3);
        assertThat(early.out()).contains("template oda-windows: REFUSED").contains("windows-intune was never synced in preview");
        assertThat(TwoTenants.owned(prod)).isEmpty();

        // The first sync applies (its plan had changes); the second finds nothing to do: converged.
        assertThat(cli.run("sync", "--tenant", "preview").exitCode()).isZero();
        assertThat(cli.run("sync", "--tenant", "preview").exitCode()).isZero();
        String macProfile = preview.graph().deviceConfigurations().stream()
                .filter(p -> p.path("description").asText().contains("[scephub:intune.scep-profile/macos-intune]"))
                .findFirst().orElseThrow().path("id").asText();
        TwoTenants.patchScepUrl(preview, TwoTenants.MACOS_PROFILE, macProfile, "https://scep.attacker.example/scep");

        HubCli.Run partly = cli.run("promote", "--from", "preview", "--to", "prod", "--auto-approve", "--output", "json");

        assertThat(partly.exitCode()).as(partly.all()).isEqualTo(3);
        JsonNode report = JSON.readTree(partly.out());
        assertThat(report.path("templates")).extracting(t -> t.path("template").asText(), t -> t.path("promoted").asBoolean())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("oda-windows", true),
                        org.assertj.core.groups.Tuple.tuple("oda-macs", false));
        assertThat(report.at("/templates/1/reasons/0").asText()).contains("validate --online failed in preview")
                .contains("macos-intune").contains("scep.attacker.example");
        List<JsonNode> prodOwned = TwoTenants.owned(prod);
        assertThat(prodOwned).extracting(p -> p.path("description").asText()).noneMatch(d -> d.contains("macos-intune"))
                .hasSize(2);
        assertThat(cli.run("plan", "--tenant", "prod").exitCode()).as("macos-intune is still to be created in prod").isEqualTo(2);
    }
}
