package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import io.scephub.sandbox.WorkspaceOneSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The renewal tests' fleet: a sandbox on a settable clock starting at {@link #t0()}, devices enrolled in
 * the MDMs' seeded groups, a first apply at {@code t0}, and the command line run at any later time.
 */
final class RenewalFleet {
    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final SettableClock clock = new SettableClock(t0);
    private Sandbox sandbox;
    private Path dir;
    private Map<String, String> env;

    /** When the fleet's first certificates were issued. */
    Instant t0() {
        return t0;
    }

    /** The sandbox's clock; the tests move it between syncs. */
    SettableClock clock() {
        return clock;
    }

    /** The extension that starts the fleet's sandbox on {@link #clock()} (register it in a static field). */
    SandboxExtension sandboxes() {
        return SandboxExtension.with(() -> SandboxOptions.builder().clock(clock).build());
    }

    /** Back to {@code t0} and the sandbox's seeded state, with scephub.yaml and its data in {@code dir}. */
    void begin(Sandbox started, Path workingDirectory) {
        clock.set(t0);
        started.reset();
        sandbox = started;
        dir = workingDirectory;
        env = new HashMap<>(SandboxConfig.credentials(started));
    }

    /** Workspace ONE Windows devices {@code serials} (named PC-serial) in the seeded smart group. */
    void workspaceOneDevices(String... serials) {
        for (String serial : serials) {
            sandbox.workspaceOne().addDevice(serial, "PC-" + serial, List.of(WorkspaceOneSimulator.SEED_SMART_GROUP), false);
        }
    }

    /** Macs enrolled in Jamf's "ODA Macs", in this order: serial {@code serialPrefix + suffix}, UDID {@code udidPrefix + suffix}. */
    void jamfComputers(String serialPrefix, String udidPrefix, String... suffixes) {
        for (String suffix : suffixes) {
            sandbox.jamf().enrolComputer(serialPrefix + suffix, udidPrefix + suffix, List.of("ODA Macs"));
        }
    }

    /** Writes scephub.yaml and applies it at {@code t0}: the first certificates. */
    void converge(String config) throws IOException {
        Files.writeString(dir.resolve("scephub.yaml"), config);
        HubCli.Run apply = at(t0).run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
    }

    /** The command line as it runs at {@code now} (SCEPHUB_NOW). */
    HubCli at(Instant now) {
        Map<String, String> moved = new HashMap<>(env);
        moved.put("SCEPHUB_NOW", now.toString());
        return new HubCli(dir, moved);
    }

    /** The certificate a Workspace ONE device holds from scephub's profile (not the console's own AirWatchCa one). */
    static JsonNode oktaCertificate(WorkspaceOneSimulator ws1, String serial) {
        return ws1.deviceCertificates(serial).stream().filter(c -> !c.get("Issuer").asText().equals("AirWatchCa")).findFirst()
                .orElseThrow(() -> new AssertionError(serial + " holds no certificate from the profile"));
    }
}
