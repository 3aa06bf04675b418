package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.sandbox.JamfSimulator;
import io.scephub.sandbox.Sandbox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Renewal rings on Jamf with {@code mdm.jamf.renewal.reenrol: wave}: a fleet of Macs whose certificates expire in two
 * waves, driven by scheduled-style syncs with a clock the test moves. Only the ring's Macs leave and re-enter the
 * profile's scope through the hub's static group, so only they install the profile again and enrol anew: the canary
 * first, then the rest after the pause within the budget; a Mac that processes no MDM command is pushed again once
 * and then reported stuck (plan notice and {@code status devices}).
 */
class JamfRenewalRingsTest {
    @RegisterExtension
    static final RenewalFleet FLEET = new RenewalFleet();
    private static final Instant T0 = FLEET.t0();
    private static final SettableClock CLOCK = FLEET.clock();
    /** Syncs a little more than the budget window apart, so each window holds one sync's pushes. */
    private static final Duration SYNC_EVERY = Duration.ofMinutes(61);
    private static final String PROFILE = "scephub macos-jamf";
    private static final String GROUP = "scephub renewal macos-jamf";

    @Test
    void onlyTheDueWavesMacsReEnrolCanaryFirstWithinTheBudgetAndASilentMacIsRePushedThenReported(Sandbox sandbox) throws Exception {
        JamfSimulator jamf = sandbox.jamf();
        FLEET.jamfComputers("MAC-W1-", "W1", "A", "B", "C", "E");
        FLEET.converge(FLEET.jamfHeader(true) + RenewalFleet.jamf("macos-jamf").subject("CN=$COMPUTERNAME ODA $UDID").validity("1y")
                .canary("MAC-W1-A").pause("2h").budget(2, "1h").maxRepush(1).yaml());
        long profile = jamf.profile(PROFILE).orElseThrow().id();
        List<String> firstWave = List.of(JamfSimulator.HEALTHY_COMPUTER, "MAC-W1-A", "MAC-W1-B", "MAC-W1-C", "MAC-W1-E");
        firstWave.forEach(m -> assertThat(jamf.lastInstalled(profile, m)).as(m).contains(T0));

        // A second wave of Macs enrols 100 days later; it is not due when the first one is.
        Instant secondEnrolled = T0.plus(Duration.ofDays(100));
        CLOCK.set(secondEnrolled);
        FLEET.jamfComputers("MAC-W2-", "W2", "A", "B");
        List<String> all = new ArrayList<>(firstWave);
        all.addAll(List.of(JamfSimulator.BROKEN_COMPUTER, "MAC-W2-A", "MAC-W2-B"));
        jamf.failMdmCommands("MAC-W1-E", true);

        Instant first = T0.plus(Duration.ofDays(340));
        CLOCK.set(first);
        HubCli.Run plan = FLEET.at(first).run("plan");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains("~ redistribute jamf.configuration-profile/macos-jamf (1 device expiring from")
                .contains("(re-enrols 1 device)")
                .doesNotContain("redistributes the profile to its whole scope");

        // Scheduled syncs, one window apart: who was pushed (added to the renewal group) and who re-enrolled at each.
        List<List<String>> pushed = new ArrayList<>();
        Map<String, Integer> adds = counts(all, m -> jamf.timesAdded(GROUP, m));
        Map<String, Integer> installs = counts(all, jamf::installCommands);
        Instant t = first;
        for (int sync = 0; sync < 6; sync++) {
            CLOCK.set(t);
            HubCli.Run run = FLEET.at(t).run("sync");
            assertThat(run.exitCode()).as(run.all()).isZero();
            Map<String, Integer> addsAfter = counts(all, m -> jamf.timesAdded(GROUP, m));
            Map<String, Integer> installsAfter = counts(all, jamf::installCommands);
            List<String> now = all.stream().filter(m -> addsAfter.get(m) > adds.get(m)).toList();
            pushed.add(now);
            for (String m : all) {
                boolean reenrolled = installsAfter.get(m) > installs.get(m);
                assertThat(reenrolled).as(m + " re-enrolled exactly when pushed (and not the silent Mac)")
                        .isEqualTo(now.contains(m) && !m.equals("MAC-W1-E"));
            }
            adds.putAll(addsAfter);
            installs.putAll(installsAfter);
            assertThat(jamf.groups()).as("no renewal group is left between syncs (it is deleted once its Macs re-entered)")
                    .noneMatch(g -> g.name().equals(GROUP));
            t = t.plus(SYNC_EVERY);
        }
        assertThat(pushed.get(0)).as("the canary goes first, alone").containsExactly("MAC-W1-A");
        assertThat(pushed.get(1)).as("the rest waits the 2h pause after the canary re-enrolled").isEmpty();
        assertThat(pushed.get(2)).containsExactlyInAnyOrder(JamfSimulator.HEALTHY_COMPUTER, "MAC-W1-B");
        assertThat(pushed.get(3)).containsExactlyInAnyOrder("MAC-W1-C", "MAC-W1-E");
        assertThat(pushed.get(4)).as("the silent Mac is pushed again once (maxRepush 1)").containsExactly("MAC-W1-E");
        assertThat(pushed.get(5)).as("then it is reported, not pushed again").isEmpty();
        pushed.forEach(p -> assertThat(p.size()).as("budget: 2 Macs per hour").isLessThanOrEqualTo(2));
        for (String m : List.of(JamfSimulator.BROKEN_COMPUTER, "MAC-W2-A", "MAC-W2-B")) {
            assertThat(pushed.stream().flatMap(List::stream)).as(m + " is in no due wave").doesNotContain(m);
        }
        assertThat(jamf.lastInstalled(profile, "MAC-W2-A")).as("the second wave kept its certificates").contains(secondEnrolled);

        Instant oldExpiry = T0.plus(JamfSimulator.CERTIFICATE_VALIDITY);
        assertThat(t).isBefore(oldExpiry);
        for (String m : List.of(JamfSimulator.HEALTHY_COMPUTER, "MAC-W1-A", "MAC-W1-B", "MAC-W1-C")) {
            assertThat(jamf.lastInstalled(profile, m).orElseThrow()).as(m + " holds a new certificate before the old one expires")
                    .isAfter(first.minusSeconds(1)).isBefore(oldExpiry);
        }
        assertThat(jamf.lastInstalled(profile, "MAC-W1-E")).as("the silent Mac kept its old certificate").contains(T0);
        JamfSimulator.Profile stored = jamf.profile(PROFILE).orElseThrow();
        assertThat(stored.excludedGroups()).as("the renewal group left the exclusions before it was deleted").isEmpty();
        assertThat(jamf.groups()).noneMatch(g -> g.name().equals(GROUP));

        Instant last = t.minus(SYNC_EVERY);
        HubCli.Run report = FLEET.at(last).run("plan");
        assertThat(report.exitCode()).as("nothing left to push, and the renewal group is no drift: " + report.all()).isZero();
        assertThat(report.out()).contains("device MAC-W1-E (").contains("did not re-enrol after 2 pushes (maxRepush 1)")
                .contains("scephub doctor --device MAC-W1-E");

        // doctor reports the stuck Mac (from the last sync's record), and only that one.
        HubCli.Run doctor = FLEET.at(t).run("doctor", "--output", "json");
        assertThat(doctor.exitCode()).as("a stuck device fails doctor: " + doctor.all()).isEqualTo(3);
        JsonNode stuck = new ObjectMapper().readTree(doctor.out()).get("stuck_devices");
        assertThat(stuck).singleElement().satisfies(s -> {
            assertThat(s.get("device_name").asText()).isEqualTo("MAC-W1-E");
            assertThat(s.get("enrollment").asText()).isEqualTo("macos-jamf");
            assertThat(s.get("detail").asText()).startsWith("renewal stuck: pushed 2 times");
        });
        HubCli.Run doctorStuck = FLEET.at(t).run("doctor", "--device", "MAC-W1-E", "--enrollment", "macos-jamf");
        assertThat(doctorStuck.exitCode()).as(doctorStuck.all()).isEqualTo(3);
        assertThat(doctorStuck.out()).contains("found MAC-W1-E renewal stuck: pushed 2 times").contains("push the profile to it by hand");
        HubCli.Run doctorFine = FLEET.at(t).run("doctor", "--device", "MAC-W1-A", "--enrollment", "macos-jamf");
        assertThat(doctorFine.out()).as(doctorFine.all()).contains("Device MAC-W1-A").doesNotContain("renewal stuck");

        // status devices agrees with what each simulated Mac holds.
        HubCli.Run status = FLEET.at(t).run("status", "devices", "--enrollment", "macos-jamf", "--output", "json");
        assertThat(status.exitCode()).as(status.all()).isZero();
        JsonNode rows = new ObjectMapper().readTree(status.out()).get("devices");
        List<String> listed = new ArrayList<>();
        for (JsonNode row : rows) {
            String name = row.get("device_name").asText();
            listed.add(name);
            if (name.equals(JamfSimulator.BROKEN_COMPUTER)) {
                assertThat(row.get("delivery").asText()).as("in scope, never installs profiles").isEqualTo("pending");
                assertThat(row.get("certificate").isNull()).as(name).isTrue();
                assertThat(jamf.lastInstalled(profile, name)).isEmpty();
                continue;
            }
            assertThat(row.get("delivery").asText()).as(name).isEqualTo("installed");
            assertThat(Instant.parse(row.get("certificate").get("issued").asText())).as(name)
                    .isEqualTo(jamf.lastInstalled(profile, name).orElseThrow());
            assertThat(row.path("detail").asText("").contains("renewal stuck: pushed 2 times")).as(name + " is stuck exactly when silent")
                    .isEqualTo(name.equals("MAC-W1-E"));
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(all);
    }

    private static Map<String, Integer> counts(List<String> macs, java.util.function.ToIntFunction<String> count) {
        Map<String, Integer> out = new HashMap<>();
        macs.forEach(m -> out.put(m, count.applyAsInt(m)));
        return out;
    }
}
