package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.sandbox.Fault;
import io.scephub.sandbox.RecordedRequest;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.Vendor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #13 item 1: a vendor answers scephub's create with the id (or body) of an existing object
 * scephub does not own, one made in the console, possibly renamed to look like scephub's. scephub
 * must never take it as its own: the apply still converges (the write's outcome is unknown, so it
 * lists again and adopts or creates), the foreign object is not modified by that apply nor by the
 * next, and no vendor ends with a duplicate.
 */
@ExtendWith(SandboxExtension.class)
class ForeignAnswerTest {
    /** A name that looks like scephub's, without its marker. */
    private static final String RENAMED = "scephub legacy";

    private static Sandbox sandbox;

    @BeforeAll
    static void startSandbox(Sandbox started) {
        sandbox = started;
    }

    /** The vendor whose first create is answered with a foreign object. */
    enum Target {
        OKTA(Vendor.OKTA), INTUNE(Vendor.GRAPH), JAMF(Vendor.JAMF), WORKSPACEONE(Vendor.WORKSPACEONE);

        final Vendor vendor;

        Target(Vendor vendor) {
            this.vendor = vendor;
        }
    }

    /** How the fault answers: after creating, without creating, or naming a foreign object renamed to look like scephub's. */
    enum Variant {
        CREATED, NOT_CREATED, RENAMED
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Target target : Target.values()) {
            for (Variant variant : Variant.values()) {
                cases.add(Arguments.of(target, variant));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: create answered with a foreign object ({1})")
    @MethodSource("cases")
    void aCreateAnsweredWithAForeignObjectNeverTouchesItAndConvergesWithoutDuplicates(Target target, Variant variant,
                                                                                      @TempDir Path dir) throws Exception {
        sandbox.reset();
        String foreignId = seedForeign(target, variant == Variant.RENAMED);
        String before = snapshot(target, foreignId);
        Files.writeString(dir.resolve("scephub.yaml"), config(target));
        sandbox.faults().nextCreates(target.vendor, 1,
                variant == Variant.NOT_CREATED ? Fault.foreignAnswerWithoutCreating() : Fault.foreignAnswer());
        HubCli cli = new HubCli(dir, SandboxConfig.credentials(sandbox));

        HubCli.Run apply = cli.run(FaultRunsTest.applyArgs());

        assertThat(sandbox.requests().of(target.vendor).stream().filter(RecordedRequest::faulted).count())
                .as("the create answered with the foreign object").isEqualTo(1);
        assertThat(apply.exitCode()).as("apply:%n%s", apply.all()).isZero();
        assertThat(snapshot(target, foreignId)).as("the foreign object after the apply").isEqualTo(before);

        HubCli.Run plan = cli.run("plan");
        assertThat(plan.exitCode()).as("the plan right after (converged in one apply):%n%s", plan.all()).isZero();
        HubCli.Run again = cli.run(FaultRunsTest.applyArgs());
        assertThat(again.exitCode()).as("apply again:%n%s", again.all()).isZero();
        assertThat(snapshot(target, foreignId)).as("the foreign object after applying again").isEqualTo(before);
        FaultRunsTest.assertNoDuplicates(sandbox);
    }

    /** A console-made object of the target's kind; its id. */
    private static String seedForeign(Target target, boolean renamed) {
        return switch (target) {
            case OKTA -> sandbox.okta().seedRegistrationAuthority(renamed ? RENAMED : "Corp VPN SCEP", "Made by hand for the VPN");
            case INTUNE -> {
                String id = sandbox.graph().deviceConfigurations().stream()
                        .filter(p -> !p.path("description").asText().contains("[scephub:")).findFirst().orElseThrow()
                        .path("id").asText();
                if (renamed) {
                    sandbox.graph().renameProfile(id, RENAMED);
                }
                yield id;
            }
            case JAMF -> String.valueOf(sandbox.jamf().seedProfile(renamed ? RENAMED : "Corp Wi-Fi", "Made by hand", "System", ""));
            case WORKSPACEONE -> {
                long id = sandbox.workspaceOne().profiles().get(0).path("General").path("ProfileId").asLong();
                if (renamed) {
                    sandbox.workspaceOne().renameProfile(id, RENAMED);
                }
                yield String.valueOf(id);
            }
        };
    }

    /** Everything the vendor holds of the foreign object (and, for Intune, its assignments). */
    private static String snapshot(Target target, String id) {
        return switch (target) {
            case OKTA -> sandbox.okta().registrationAuthorities().stream().filter(ra -> ra.path("id").asText().equals(id))
                    .findFirst().orElseThrow().toString();
            case INTUNE -> sandbox.graph().deviceConfiguration(id).orElseThrow() + " " + sandbox.graph().assignments(id);
            case JAMF -> sandbox.jamf().profiles().stream().filter(p -> String.valueOf(p.id()).equals(id)).findFirst()
                    .orElseThrow().toString();
            case WORKSPACEONE -> sandbox.workspaceOne().profiles().stream()
                    .filter(p -> p.path("General").path("ProfileId").asText().equals(id)).findFirst().map(JsonNode::toString)
                    .orElseThrow();
        };
    }

    private static String config(Target target) {
        return switch (target) {
            case OKTA, INTUNE -> SandboxConfig.header(sandbox) + SandboxConfig.windows();
            case JAMF -> SandboxConfig.header(sandbox, SandboxConfig.jamf(sandbox)) + """
                      - name: macos-jamf
                        platform: macos
                        mdm: jamf
                        challenge: dynamic
                        ca: okta
                        groups:
                          include: [ "ODA Macs" ]
                    """;
            case WORKSPACEONE -> SandboxConfig.header(sandbox, SandboxConfig.workspaceOne(sandbox)) + """
                      - name: windows-ws1
                        platform: windows
                        mdm: workspaceone
                        challenge: static
                        ca: okta
                        groups:
                          include: [ "ODA Windows WS1" ]
                    """;
        };
    }
}
