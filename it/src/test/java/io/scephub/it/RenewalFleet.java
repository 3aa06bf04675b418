package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import io.scephub.sandbox.WorkspaceOneSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The renewal tests' fleet, registered as {@code @RegisterExtension static final RenewalFleet FLEET = new RenewalFleet();}:
 * one sandbox per test class on a settable clock starting at {@link #t0()} (a test method may take it as a
 * {@link Sandbox} parameter), and before each test the clock back at {@code t0}, the sandbox's seeded state and a fresh
 * working directory; then devices enrolled in the MDMs' seeded groups, a first apply at {@code t0} ({@link #converge}) of
 * the enrollments {@link #intune} / {@link #jamf} build, and the command line run at any later time ({@link #at}).
 */
final class RenewalFleet implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, ParameterResolver {
    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final SettableClock clock = new SettableClock(t0);
    private final List<Path> directories = new ArrayList<>();
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

    /** The class's sandbox, back in its seeded state for each test. */
    Sandbox sandbox() {
        return sandbox;
    }

    /** The working directory of the running test: scephub.yaml and the state store. */
    Path dir() {
        return dir;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        sandbox = Sandbox.start(SandboxOptions.builder().clock(clock).build());
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        clock.set(t0);
        sandbox.reset();
        dir = Files.createTempDirectory("renewal-fleet");
        directories.add(dir);
        env = new HashMap<>(SandboxConfig.credentials(sandbox));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        sandbox.close();
        for (Path directory : directories) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Sandbox.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return sandbox;
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

    /** The configuration header with the sandbox's Okta and Intune. */
    String intuneHeader() {
        return SandboxConfig.header(sandbox, SandboxConfig.intune(sandbox));
    }

    /** The configuration header with the sandbox's Okta and Jamf, re-enrolling per wave ({@code reenrol: wave}) or not. */
    String jamfHeader(boolean perWave) {
        return SandboxConfig.header(sandbox, SandboxConfig.jamf(sandbox) + (perWave ? """
                    renewal:
                      reenrol: wave
                """ : ""));
    }

    /** Writes scephub.yaml and applies it at {@code t0}: the first certificates. */
    void converge(String config) throws IOException {
        write(config);
        HubCli.Run apply = at(t0).run("apply", "--auto-approve");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
    }

    /** Writes scephub.yaml (a later change of it). */
    void write(String config) throws IOException {
        Files.writeString(dir.resolve("scephub.yaml"), config);
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

    /** A Windows enrollment on Intune with Okta as the CA, "ODA Windows Pilot", delegated challenge and a 30-day lead time. */
    static Enrollment intune(String name) {
        return new Enrollment(name, "windows", "intune", "delegated", "ODA Windows Pilot");
    }

    /** A macOS enrollment on Jamf with Okta as the CA, "ODA Macs", dynamic challenge and a 30-day lead time. */
    static Enrollment jamf(String name) {
        return new Enrollment(name, "macos", "jamf", "dynamic", "ODA Macs");
    }

    /** A Windows enrollment on Workspace ONE with Okta as the CA, "ODA Windows WS1", static challenge and a 30-day lead time. */
    static Enrollment workspaceOne(String name) {
        return new Enrollment(name, "windows", "workspaceone", "static", "ODA Windows WS1");
    }

    /** One enrollment entry of scephub.yaml with a renewal policy; each setter states what a test changes. */
    static final class Enrollment {
        private final String name;
        private final String mdm;
        private final String challenge;
        private final String group;
        private String platform;
        private String subject;
        private String validity;
        private String canary;
        private String pause;
        private String budget;
        private Integer maxRepush;

        private Enrollment(String name, String platform, String mdm, String challenge, String group) {
            this.name = name;
            this.platform = platform;
            this.mdm = mdm;
            this.challenge = challenge;
            this.group = group;
        }

        Enrollment platform(String value) {
            platform = value;
            return this;
        }

        Enrollment subject(String value) {
            subject = value;
            return this;
        }

        Enrollment validity(String value) {
            validity = value;
            return this;
        }

        /** The canary: these devices go first. */
        Enrollment canary(String... devices) {
            canary = String.join(", ", devices);
            return this;
        }

        Enrollment pause(String value) {
            pause = value;
            return this;
        }

        Enrollment budget(int maxDevices, String per) {
            budget = "{maxDevices: " + maxDevices + ", per: " + per + "}";
            return this;
        }

        Enrollment maxRepush(int value) {
            maxRepush = value;
            return this;
        }

        /** The entry as it sits under {@code enrollments:}. */
        String yaml() {
            StringBuilder out = new StringBuilder();
            out.append("  - name: ").append(name).append('\n')
                    .append("    platform: ").append(platform).append('\n')
                    .append("    mdm: ").append(mdm).append('\n')
                    .append("    challenge: ").append(challenge).append('\n')
                    .append("    ca: okta\n");
            if (subject != null || validity != null) {
                out.append("    certificate:\n");
                if (subject != null) {
                    out.append("      subject: \"").append(subject).append("\"\n");
                }
                if (validity != null) {
                    out.append("      validity: ").append(validity).append('\n');
                }
            }
            out.append("    groups:\n")
                    .append("      include: [ \"").append(group).append("\" ]\n")
                    .append("    renewal:\n")
                    .append("      leadTime: 30d\n");
            if (canary != null) {
                out.append("      canary:\n").append("        devices: [ ").append(canary).append(" ]\n");
            }
            if (pause != null) {
                out.append("      pause: ").append(pause).append('\n');
            }
            if (budget != null) {
                out.append("      budget: ").append(budget).append('\n');
            }
            if (maxRepush != null) {
                out.append("      maxRepush: ").append(maxRepush).append('\n');
            }
            return out.toString();
        }

        @Override
        public String toString() {
            return yaml();
        }
    }
}
