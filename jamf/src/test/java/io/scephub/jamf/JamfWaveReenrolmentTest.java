package io.scephub.jamf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scephub.core.error.VendorError;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.RenewalPolicy;
import io.scephub.core.renewal.EnrollmentFleet;
import io.scephub.core.renewal.FleetSnapshot;
import io.scephub.core.renewal.Redistribution;
import io.scephub.core.renewal.RenewalPlanner;
import java.time.Clock;
import io.scephub.core.resource.ActualResource;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.sandbox.JamfSimulator;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code mdm.jamf.renewal.reenrol: wave}: only the chosen Macs leave and re-enter the profile's scope, through the hub's static group. */
class JamfWaveReenrolmentTest {
    private static final String GROUP = "scephub renewal macos-jamf";
    private static Sandbox sandbox;

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(() -> SandboxOptions.builder()
            .jamfClientSecret(JamfConnectorTest.CANARY_SECRET).build());

    @BeforeAll
    static void start(Sandbox started) {
        sandbox = started;
    }

    @BeforeEach
    void reset() {
        sandbox.reset();
        sandbox.jamf().enrolComputer("MAC-A", "SA", List.of("ODA Macs"));
        sandbox.jamf().enrolComputer("MAC-B", "SB", List.of("ODA Macs"));
    }

    private static JamfConnector open(String reenrol) {
        ConnectorSettings base = JamfConnectorTest.settings(sandbox.jamfBaseUrl(), true);
        Map<String, Object> values = new HashMap<>(base.values());
        values.put("renewal.reenrol", reenrol);
        return (JamfConnector) new JamfConnectorProvider().open(new ConnectorSettings("jamf", "mdm.jamf", values),
                JamfConnectorTest.context(Map.of("JAMF_CLIENT_ID", SandboxOptions.DEFAULT_JAMF_CLIENT_ID,
                        "JAMF_CLIENT_SECRET", JamfConnectorTest.CANARY_SECRET, "JAMF_WEBHOOK_PASSWORD", JamfConnectorTest.CANARY_PASSWORD)));
    }

    private static EnrollmentSpec renewing() {
        EnrollmentSpec e = JamfConnectorTest.enrollment(List.of("ODA Macs"), List.of());
        return new EnrollmentSpec(e.name(), e.platform(), e.mdm(), e.challenge(), e.ca(), e.certificate(), e.groups(),
                Optional.of(new RenewalPolicy(Duration.ofDays(30))), Optional.empty());
    }

    private static Redistribution toMacs(ActualResource profile, String... ids) {
        return new Redistribution("macos-jamf", profile.key(), ids.length, Instant.now(), Instant.now(), 1, 1, 1, Instant.now(),
                List.of(ids));
    }

    /** The computer id the inventory reports for {@code mac}, as the fleet read gives it to the rings. */
    private static String id(JamfConnector connector, ActualResource profile, String mac) {
        return connector.fleet(profile).devices().stream().filter(d -> d.deviceName().equals(mac)).findFirst().orElseThrow().deviceId();
    }

    @Test
    void onlyTheChosenMacLeavesAndReEntersTheScopeAndInstallsTheProfileAgain() {
        JamfConnector connector = open("wave");
        assertThat(connector.reenrolsPerDevice()).isTrue();
        EnrollmentSpec enrollment = renewing();
        ActualResource profile = connector.create(JamfConnectorTest.desired(connector, enrollment));
        String macA = id(connector, profile, "MAC-A");
        JamfSimulator jamf = sandbox.jamf();
        int aBefore = jamf.installCommands("MAC-A");
        int bBefore = jamf.installCommands("MAC-B");
        int healthyBefore = jamf.installCommands(JamfSimulator.HEALTHY_COMPUTER);

        connector.redistribute(profile, toMacs(profile, macA));

        assertThat(jamf.installCommands("MAC-A")).as("MAC-A installed the profile again").isEqualTo(aBefore + 1);
        assertThat(jamf.installCommands("MAC-B")).isEqualTo(bBefore);
        assertThat(jamf.installCommands(JamfSimulator.HEALTHY_COMPUTER)).isEqualTo(healthyBefore);
        assertThat(jamf.timesAdded(GROUP, "MAC-A")).isEqualTo(1);
        assertThat(jamf.groups()).as("the group is deleted once the Macs re-entered: nothing at rest")
                .noneMatch(g -> g.name().equals(GROUP));
        JamfSimulator.Profile stored = jamf.profile("scephub macos-jamf").orElseThrow();
        assertThat(stored.excludedGroups()).as("and left the exclusions first").isEmpty();
        assertThat(stored.includedGroups()).extracting(JamfSimulator.Group::name).containsExactly("ODA Macs");
        assertThat(stored.redeployOnUpdate()).isEqualTo("Newly Assigned");
        assertThat(jamf.redeployedAt(stored.id())).as("no whole-scope redeploy").isEmpty();
        assertThat(stored.description()).doesNotContain("[scephub-redistributed:");

        // The renewal group is no part of the configured scope: no drift, no static-group notice.
        var read = JamfConnectorTest.read(connector, enrollment);
        ActualResource actual = read.resources().stream().filter(r -> r.key().kind().equals(JamfConnector.KIND)).findFirst().orElseThrow();
        assertThat(actual.attributes().get("exclude")).isEqualTo(List.of());
        assertThat(read.notices()).noneMatch(n -> n.contains(GROUP));

        // Again, MAC-B this time: the group is made again for it and deleted again after.
        connector.redistribute(actual, toMacs(actual, id(connector, actual, "MAC-B")));
        assertThat(jamf.installCommands("MAC-B")).isEqualTo(bBefore + 1);
        assertThat(jamf.installCommands("MAC-A")).isEqualTo(aBefore + 1);
        assertThat(jamf.timesAdded(GROUP, "MAC-B")).isEqualTo(1);
        assertThat(jamf.groups()).noneMatch(g -> g.name().equals(GROUP));
        assertThat(jamf.profile("scephub macos-jamf").orElseThrow().excludedGroups()).isEmpty();
    }

    /** What a run that stopped between its steps leaves: the group in the profile's exclusions, holding {@code macs}. */
    private static long interruptedRunLeft(ActualResource profile, String... macs) {
        JamfSimulator jamf = sandbox.jamf();
        long groupId = jamf.seedGroup(GROUP, false, List.of());
        jamf.editProfile(Long.parseLong(profile.vendorId()), p -> new JamfSimulator.Profile(p.id(), p.name(), p.description(), p.level(),
                p.uuid(), p.redeployOnUpdate(), p.distributionMethod(), p.payloads(), p.includedGroups(),
                List.of(new JamfSimulator.Group(groupId, GROUP, false))));
        for (String mac : macs) {
            jamf.addToGroup(GROUP, mac);
        }
        return groupId;
    }

    @Test
    void aGroupAnInterruptedRunLeftEmptyIsDeletedByThePlanReEnrollingNoMac() {
        JamfConnector connector = open("wave");
        EnrollmentSpec enrollment = renewing();
        ActualResource created = connector.create(JamfConnectorTest.desired(connector, enrollment));
        long groupId = interruptedRunLeft(created);
        JamfSimulator jamf = sandbox.jamf();
        int aBefore = jamf.installCommands("MAC-A");

        var read = JamfConnectorTest.read(connector, enrollment);
        ActualResource leftover = read.resources().stream().filter(r -> r.key().kind().equals(JamfWaveReenrolment.KIND))
                .findFirst().orElseThrow();
        assertThat(leftover.key().toString()).isEqualTo("jamf.renewal-group/macos-jamf");
        assertThat(leftover.vendorId()).isEqualTo(String.valueOf(groupId));
        assertThat(leftover.dependsOn()).as("deleted before the profile that proves it scephub's").contains(created.key());

        connector.delete(leftover);

        assertThat(jamf.groups()).noneMatch(g -> g.name().equals(GROUP));
        assertThat(jamf.profile("scephub macos-jamf").orElseThrow().excludedGroups()).isEmpty();
        assertThat(jamf.installCommands("MAC-A")).as("no Mac re-enrolled").isEqualTo(aBefore);
        assertThat(JamfConnectorTest.read(connector, enrollment).resources()).noneMatch(r -> r.key().kind().equals(JamfWaveReenrolment.KIND));
    }

    @Test
    void aGroupThatStillHoldsMacsIsNotPlannedForDeleteAndAForeignOneNever() {
        JamfConnector connector = open("wave");
        EnrollmentSpec enrollment = renewing();
        ActualResource created = connector.create(JamfConnectorTest.desired(connector, enrollment));
        interruptedRunLeft(created, "MAC-B");

        assertThat(JamfConnectorTest.read(connector, enrollment).resources()).as("owed to MAC-B: the redistribution lets it back in")
                .noneMatch(r -> r.key().kind().equals(JamfWaveReenrolment.KIND));

        sandbox.reset();
        sandbox.jamf().enrolComputer("MAC-A", "SA", List.of("ODA Macs"));
        JamfConnector fresh = open("wave");
        fresh.create(JamfConnectorTest.desired(fresh, enrollment));
        sandbox.jamf().seedGroup(GROUP, false, List.of());
        assertThat(JamfConnectorTest.read(fresh, enrollment).resources()).as("not in the profile's exclusions: not scephub's")
                .noneMatch(r -> r.key().kind().equals(JamfWaveReenrolment.KIND));
    }

    @Test
    void aMacLeftInTheGroupByAnInterruptedRunReEntersTheScopeFirst() {
        JamfConnector connector = open("wave");
        ActualResource profile = connector.create(JamfConnectorTest.desired(connector, renewing()));
        String macA = id(connector, profile, "MAC-A");
        JamfSimulator jamf = sandbox.jamf();
        // A first run re-enrolled MAC-A; a later one stopped with MAC-B still inside the group it made and excluded.
        connector.redistribute(profile, toMacs(profile, macA));
        interruptedRunLeft(profile, "MAC-B");
        int bBefore = jamf.installCommands("MAC-B");

        connector.redistribute(profile, toMacs(profile, macA));

        assertThat(jamf.groups()).as("let out, then deleted").noneMatch(g -> g.name().equals(GROUP));
        assertThat(jamf.lastInstalled(Long.parseLong(profile.vendorId()), "MAC-B")).as("MAC-B holds the profile again").isPresent();
        assertThat(jamf.installCommands("MAC-B")).as("re-entering the scope installed it once").isEqualTo(bBefore + 1);
    }

    @Test
    void aMacAnInterruptedRunLeftOutOfTheScopeIsOwedAndLetBackInWithNoWaveDue() {
        JamfConnector connector = open("wave");
        EnrollmentSpec enrollment = renewing();
        ActualResource profile = connector.create(JamfConnectorTest.desired(connector, enrollment));
        connector.redistribute(profile, toMacs(profile, id(connector, profile, "MAC-A")));
        JamfSimulator jamf = sandbox.jamf();
        long profileId = Long.parseLong(profile.vendorId());
        // As if a run had added MAC-B and stopped before letting it back in: Jamf removed the profile from it.
        interruptedRunLeft(profile, "MAC-B");
        assertThat(jamf.lastInstalled(profileId, "MAC-B")).isEmpty();

        FleetSnapshot snapshot = connector.fleet(profile);
        assertThat(snapshot.owed()).singleElement().asString().contains("let 1 Mac").contains(GROUP).contains("back into the scope");
        List<Redistribution> due = new RenewalPlanner(Clock.systemUTC()).forecast(List.of(new EnrollmentFleet(enrollment, profile,
                snapshot, connector.redistributionBudget(), true)), List.of()).due();
        assertThat(due).as("nothing is due to expire, the leftover alone is planned").singleElement()
                .satisfies(r -> assertThat(r.deviceIds()).isEmpty());

        connector.redistribute(profile, due.get(0));

        assertThat(jamf.groups()).as("let out, then deleted").noneMatch(g -> g.name().equals(GROUP));
        assertThat(jamf.lastInstalled(profileId, "MAC-B")).as("MAC-B re-entered the scope and installed the profile").isPresent();
        assertThat(connector.fleet(profile).owed()).isEmpty();
    }

    @Test
    void withNothingOwedAndNoGroupYetARedistributionOfNoMacsWritesNothing() {
        JamfConnector connector = open("wave");
        ActualResource profile = connector.create(JamfConnectorTest.desired(connector, renewing()));
        assertThat(connector.fleet(profile).owed()).isEmpty();

        connector.redistribute(profile, Redistribution.owedOnly("macos-jamf", profile.key(), Instant.now(), List.of("x")));

        assertThat(sandbox.jamf().groups()).noneMatch(g -> g.name().equals(GROUP));
        assertThat(sandbox.jamf().profile("scephub macos-jamf").orElseThrow().excludedGroups()).isEmpty();
    }

    @Test
    void aSmartGroupWithTheRenewalGroupsNameIsNeverUsed() {
        JamfConnector connector = open("wave");
        ActualResource profile = connector.create(JamfConnectorTest.desired(connector, renewing()));
        String macA = id(connector, profile, "MAC-A");
        sandbox.jamf().seedGroup(GROUP, true, List.of());

        assertThatThrownBy(() -> connector.redistribute(profile, toMacs(profile, macA))).isInstanceOf(VendorError.class)
                .hasMessageContaining("Smart Group named").hasMessageContaining(GROUP);
        assertThat(sandbox.jamf().profile("scephub macos-jamf").orElseThrow().excludedGroups()).isEmpty();
    }

    @Test
    void aStaticGroupOfThatNameTheProfileDoesNotExcludeIsSomeoneElsesAndLeftUntouched() {
        JamfConnector connector = open("wave");
        ActualResource profile = connector.create(JamfConnectorTest.desired(connector, renewing()));
        String macA = id(connector, profile, "MAC-A");
        JamfSimulator jamf = sandbox.jamf();
        jamf.seedGroup(GROUP, false, List.of("MAC-B"));
        int bBefore = jamf.installCommands("MAC-B");

        assertThatThrownBy(() -> connector.redistribute(profile, toMacs(profile, macA))).isInstanceOf(VendorError.class)
                .hasMessageContaining("static computer group named").hasMessageContaining("leaves it untouched");
        assertThat(jamf.members(GROUP)).as("the foreign group keeps its members").containsExactly("MAC-B");
        assertThat(jamf.installCommands("MAC-B")).isEqualTo(bBefore);
        assertThat(jamf.profile("scephub macos-jamf").orElseThrow().excludedGroups()).isEmpty();
    }

    @Test
    void scopeStaysTheDefaultAndAnUnknownModeIsASpecificProblem() {
        assertThat(open("scope").reenrolsPerDevice()).isFalse();
        ConnectorSettings base = JamfConnectorTest.settings(sandbox.jamfBaseUrl(), true);
        assertThat(((JamfConnector) new JamfConnectorProvider().open(base, JamfConnectorTest.context(Map.of(
                "JAMF_CLIENT_ID", "x", "JAMF_CLIENT_SECRET", "y", "JAMF_WEBHOOK_PASSWORD", "z")))).reenrolsPerDevice()).isFalse();
        Map<String, Object> values = new HashMap<>(base.values());
        values.put("renewal.reenrol", "sometimes");
        assertThat(new JamfConnectorProvider().validate(new ConnectorSettings("jamf", "mdm.jamf", values),
                new DesiredState(Map.of(), List.of())))
                .anySatisfy(p -> assertThat(p.toString()).contains("mdm.jamf.renewal.reenrol").contains("\"sometimes\" is not one of scope, wave"));
    }
}
