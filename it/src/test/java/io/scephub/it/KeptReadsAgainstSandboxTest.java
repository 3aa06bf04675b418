package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.fixtures.SandboxExtension;
import io.scephub.sandbox.JamfSimulator;
import io.scephub.sandbox.RecordedRequest;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.Vendor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kept reads through the CLI (issue #8): after an apply, a plan within {@code state.reuseReadsFor}
 * lists Jamf and Workspace ONE but GETs none of their profiles, and says so; what the listings show
 * (a rename) is seen at once, an edit they do not show (a Jamf scope change) is seen by
 * {@code --refresh} or once the window has passed; the state store keeps no secret.
 */
@ExtendWith(SandboxExtension.class)
class KeptReadsAgainstSandboxTest {
    private static Sandbox sandbox;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSandbox(Sandbox started) {
        sandbox = started;
    }

    @BeforeEach
    void reset() {
        sandbox.reset();
    }

    private HubCli cli(String... env) {
        Map<String, String> all = new HashMap<>(SandboxConfig.credentials(sandbox));
        for (int i = 0; i < env.length; i += 2) {
            all.put(env[i], env[i + 1]);
        }
        return new HubCli(dir, all);
    }

    private void write(int macs, int windows) throws Exception {
        StringBuilder enrollments = new StringBuilder();
        for (int i = 0; i < macs; i++) {
            enrollments.append("""
                      - name: mac-%d
                        platform: macos
                        mdm: jamf
                        challenge: dynamic
                        ca: okta
                        groups:
                          include: [ "ODA Macs" ]
                    """.formatted(i));
        }
        for (int i = 0; i < windows; i++) {
            enrollments.append("""
                      - name: windows-ws1-%d
                        platform: windows
                        mdm: workspaceone
                        challenge: static
                        ca: okta
                        groups:
                          include: [ "ODA Windows WS1" ]
                    """.formatted(i));
        }
        Files.writeString(dir.resolve("scephub.yaml"),
                SandboxConfig.header(sandbox, SandboxConfig.jamf(sandbox), SandboxConfig.workspaceOne(sandbox))
                + enrollments.toString().stripTrailing());
    }

    /** The GETs of single Jamf or Workspace ONE profiles in the journal (listings and searches are not counted). */
    private static List<String> profileGets() {
        List<String> gets = new ArrayList<>();
        for (RecordedRequest r : sandbox.requests().of(Vendor.JAMF)) {
            if (r.method().equals("GET") && r.path().matches(".*/osxconfigurationprofiles/id/\\d+")) {
                gets.add(r.path());
            }
        }
        for (RecordedRequest r : sandbox.requests().of(Vendor.WORKSPACEONE)) {
            if (r.method().equals("GET") && r.path().matches("(?i).*/api/mdm/profiles/\\d+")) {
                gets.add(r.path());
            }
        }
        return gets;
    }

    @Test
    void aPlanAfterAnApplyGetsNoProfileAndSaysSo_refreshAndTheWindowReadThemAll() throws Exception {
        // Workspace ONE's sandbox also holds one profile someone else made: 3 + 2 + 1 profiles.
        write(3, 2);
        HubCli cli = cli();
        HubCli.Run apply = cli.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();

        sandbox.requests().clear();
        HubCli.Run plan = cli.run("plan");
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertThat(profileGets()).isEmpty();
        assertThat(plan.all()).contains("Jamf: 3 of 3 profiles taken from reads kept within the last 10m")
                .contains("Workspace ONE: 3 of 3 profiles").contains("'scephub plan --refresh' reads them all");

        sandbox.requests().clear();
        HubCli.Run refresh = cli.run("plan", "--refresh");
        assertThat(refresh.exitCode()).as(refresh.all()).isZero();
        assertThat(profileGets()).hasSize(6);
        assertThat(refresh.all()).doesNotContain("taken from reads kept");

        // Past the window (the clock moved 11 minutes on), everything is read again.
        sandbox.requests().clear();
        HubCli.Run later = cli("SCEPHUB_NOW", Instant.now().plus(11, ChronoUnit.MINUTES).toString()).run("plan");
        assertThat(later.exitCode()).as(later.all()).isZero();
        assertThat(profileGets()).hasSize(6);
    }

    @Test
    void aRenameIsSeenAtOnceAScopeEditByRefreshAndApplyRefreshRepairsIt() throws Exception {
        write(2, 0);
        HubCli cli = cli();
        assertThat(cli.run("apply", "--auto-approve").exitCode()).isZero();
        JamfSimulator.Profile first = sandbox.jamf().profile("scephub mac-0").orElseThrow();
        JamfSimulator.Profile second = sandbox.jamf().profile("scephub mac-1").orElseThrow();

        // Someone renames one profile and drops the group scope of the other in the Jamf UI.
        sandbox.jamf().editProfile(first.id(), p -> new JamfSimulator.Profile(p.id(), "ODA renamed by hand", p.description(), p.level(),
                p.uuid(), p.redeployOnUpdate(), p.distributionMethod(), p.payloads(), p.includedGroups(), p.excludedGroups()));
        sandbox.jamf().editProfile(second.id(), p -> new JamfSimulator.Profile(p.id(), p.name(), p.description(), p.level(),
                p.uuid(), p.redeployOnUpdate(), p.distributionMethod(), p.payloads(), List.of(), p.excludedGroups()));

        HubCli.Run plan = cli.run("plan");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains("~ update jamf.configuration-profile/mac-0").doesNotContain("jamf.configuration-profile/mac-1");
        assertThat(plan.all()).contains("Jamf: 1 of 2 profiles taken from reads kept");

        HubCli.Run refresh = cli.run("plan", "--refresh");
        assertThat(refresh.exitCode()).as(refresh.all()).isEqualTo(2);
        assertThat(refresh.out()).contains("~ update jamf.configuration-profile/mac-0")
                .contains("~ update jamf.configuration-profile/mac-1");

        HubCli.Run repair = cli.run("apply", "--auto-approve", "--refresh");
        assertThat(repair.exitCode()).as(repair.all()).isZero();
        assertThat(sandbox.jamf().profile("scephub mac-0")).isPresent();
        assertThat(sandbox.jamf().profile("scephub mac-1").orElseThrow().includedGroups()).extracting(JamfSimulator.Group::name)
                .containsExactly("ODA Macs");
        assertThat(sandbox.jamf().profiles()).hasSize(2);
        HubCli.Run after = cli.run("plan", "--refresh");
        assertThat(after.exitCode()).as(after.all()).isZero();
    }

    @Test
    void theStateStoreKeepsNoSecret() throws Exception {
        write(2, 1);
        HubCli cli = cli();
        HubCli.Run apply = cli.run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(cli.run("plan").exitCode()).isZero();
        // The dynamic-challenge passwords Okta showed once; since issue #14 they never reach Jamf either.
        List<String> passwords = sandbox.okta().registrationAuthorities().stream()
                .filter(ra -> ra.path("challengeType").asText().equals("DYNAMIC"))
                .map(ra -> sandbox.okta().dynamicPassword(ra.path("id").asText()).orElseThrow()).toList();
        assertThat(passwords).hasSize(2).allSatisfy(p -> assertThat(p).hasSizeGreaterThan(8));
        assertThat(sandbox.jamf().profiles()).hasSize(2).allSatisfy(profile -> assertThat(passwords)
                .noneSatisfy(p -> assertThat(profile.payloads()).contains(p)));

        List<String> secrets = new ArrayList<>(SandboxConfig.credentials(sandbox).values());
        secrets.addAll(passwords);
        int rows = 0;
        try (Connection db = DriverManager.getConnection(
                "jdbc:h2:file:" + dir.resolve("data").toAbsolutePath().resolve("scephub") + ";AUTO_SERVER=TRUE", "sa", "");
             ResultSet rs = db.createStatement().executeQuery("SELECT * FROM kept_reads")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                rows++;
                for (int c = 1; c <= columns; c++) {
                    String value = String.valueOf(rs.getString(c));
                    assertThat(secrets).noneSatisfy(s -> assertThat(value).contains(s));
                }
            }
        }
        assertThat(rows).isGreaterThanOrEqualTo(3);
    }
}
