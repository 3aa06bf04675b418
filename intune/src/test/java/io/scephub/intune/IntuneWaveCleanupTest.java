package io.scephub.intune;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scephub.core.model.CertificateSpec;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.Platform;
import io.scephub.core.model.SecretRef;
import io.scephub.core.plan.AttributeChange;
import io.scephub.core.renewal.Redistribution;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.ReadResult;
import io.scephub.core.resource.Resource;
import io.scephub.core.spi.ReadRequest;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.sandbox.GraphSimulator;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Renewal waves after they re-enrolled, against the Graph sandbox (a device gets a version's certificate on entering its
 * assignment and loses it on leaving): the read reports a wave as a leftover to delete only once no device depends on
 * it, the delete leaves nothing behind and re-issues nothing, and the versions follow a settings change of the profile.
 */
class IntuneWaveCleanupTest {
    private static final String ENROLLMENT = "windows-intune";
    private static final String WAVE_MARKER = "[scephub:intune.renewal-wave/" + ENROLLMENT + ".w";
    private static Sandbox sandbox;

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(() -> SandboxOptions.builder()
            .clientSecret(TestContext.CANARY_SECRET).build());

    private IntuneConnector connector;
    private GraphSimulator graph;
    private ActualResource profile;
    private final EnrollmentSpec enrollment = IntuneFixtures.enrollment(ENROLLMENT, Platform.WINDOWS);

    @BeforeAll
    static void start(Sandbox started) {
        sandbox = started;
    }

    @BeforeEach
    void converge() {
        sandbox.reset();
        graph = sandbox.graph();
        connector = (IntuneConnector) new IntuneConnectorProvider().open(new ConnectorSettings("intune", "mdm.intune", Map.of(
                "tenantId", SandboxOptions.DEFAULT_TENANT_ID,
                "clientId", SandboxOptions.DEFAULT_CLIENT_ID,
                "clientSecret", new SecretRef(SecretRef.Source.ENV, "GRAPH_CLIENT_SECRET"),
                "graphBaseUrl", sandbox.graphBaseUrl(),
                "authorityHost", sandbox.authorityHost())), new TestContext());
        DesiredState state = IntuneFixtures.state(enrollment);
        Map<String, Object> outputs = new HashMap<>(IntuneFixtures.standardOutputs(ENROLLMENT));
        ActualResource root = connector.create(IntuneFixtures.resolve(
                IntuneFixtures.desired(connector, state, IntuneTrustedRoot.KIND, ENROLLMENT), outputs));
        outputs.put("${intune.trusted-root/" + ENROLLMENT + ".id}", root.vendorId());
        profile = connector.create(IntuneFixtures.resolve(IntuneFixtures.desired(connector, state, IntuneScepProfile.KIND, ENROLLMENT), outputs));
        outputs.put("${intune.scep-profile/" + ENROLLMENT + ".id}", profile.vendorId());
        connector.read(ReadRequest.of(connector, state));
        connector.create(IntuneFixtures.resolve(IntuneFixtures.desired(connector, state, IntuneAssignment.KIND, ENROLLMENT), outputs));
        Instant now = Instant.now();
        graph.addDeviceCertificate(profile.vendorId(), "PC-A", now.minus(Duration.ofDays(340)), now.plus(Duration.ofDays(25)));
        graph.addDeviceCertificate(profile.vendorId(), "PC-B", now.minus(Duration.ofDays(340)), now.plus(Duration.ofDays(25)));
    }

    private void push(String... devices) {
        Instant now = Instant.now();
        connector.redistribute(profile, devices.length == 0
                ? Redistribution.owedOnly(ENROLLMENT, profile.key(), now, List.of("retire"))
                : new Redistribution(ENROLLMENT, profile.key(), devices.length, now, now, 1, 1, 1, now, List.of(devices)));
    }

    private List<ActualResource> leftovers(EnrollmentSpec... desired) {
        ReadResult read = connector.read(ReadRequest.of(connector, new DesiredState(Map.of(), List.of(desired))));
        return read.resources().stream().filter(r -> r.key().kind().equals(IntuneWaves.KIND)).toList();
    }

    @Test
    void aWaveIsLeftOverOnlyOnceEveryDeviceOfItHoldsACertificateFromANewerRetiredWaveAndItsDeleteLeavesNothing() {
        push("PC-A");
        push("PC-B");
        push();
        assertThat(versions()).hasSize(2);
        assertThat(leftovers(enrollment)).as("each device holds only its own wave's certificate").isEmpty();

        push("PC-A");
        assertThat(leftovers(enrollment)).as("wave 3 is open: PC-A still depends on wave 1").isEmpty();
        push("PC-B");
        List<ActualResource> left = leftovers(enrollment);
        assertThat(left).extracting(r -> r.key().toString()).as("PC-B depends on wave 2 until wave 4 retires")
                .containsExactly("intune.renewal-wave/" + ENROLLMENT + ".w1");
        ActualResource wave1 = left.get(0);
        String group1 = String.valueOf(wave1.attributes().get(IntuneWaves.GROUP_ID));
        assertThat(wave1.dependsOn()).contains(IntuneTrustedRoot.key(ENROLLMENT), IntuneScepProfile.key(ENROLLMENT));
        Map<String, String> before = serials();

        connector.delete(wave1);

        assertThat(graph.deviceConfiguration(wave1.vendorId())).isEmpty();
        assertThat(graph.groups()).noneMatch(g -> g.get("id").asText().equals(group1));
        for (JsonNode c : graph.deviceConfigurations()) {
            assertThat(excluded(c.get("id").asText())).doesNotContain(group1);
        }
        assertThat(serials()).as("no certificate was issued or removed").isEqualTo(before);

        push();
        assertThat(leftovers(enrollment)).extracting(r -> r.key().toString()).containsExactly("intune.renewal-wave/" + ENROLLMENT + ".w2");
    }

    @Test
    void everyWaveOfAnEnrollmentNoLongerConfiguredIsLeftOverAndAGroupWithoutTheMarkerIsNeverTouched() {
        push("PC-A");
        push("PC-B");
        String foreign = graph.addGroup("scephub renewal " + ENROLLMENT + " wave 3");

        List<ActualResource> left = leftovers();
        assertThat(left).extracting(r -> r.key().toString())
                .containsExactlyInAnyOrder("intune.renewal-wave/" + ENROLLMENT + ".w1", "intune.renewal-wave/" + ENROLLMENT + ".w2");
        left.forEach(connector::delete);

        assertThat(versions()).isEmpty();
        assertThat(graph.groups()).filteredOn(g -> g.path("description").asText("").contains(WAVE_MARKER)).isEmpty();
        assertThat(graph.groups()).anyMatch(g -> g.get("id").asText().equals(foreign));
        assertThat(excluded(profile.vendorId())).as("the enrollment's profile keeps its configured exclusion only")
                .containsExactly(GraphSimulator.seededGroupId("Kiosks"));
    }

    @Test
    void theVersionsFollowASettingsChangeOfTheProfileAndANewVersionIsBuiltFromTheChangedProfile() {
        push("PC-A");
        push();
        String wave1 = versionId(1);
        CertificateSpec now = IntuneFixtures.certificate();
        EnrollmentSpec twoYears = IntuneFixtures.enrollment(ENROLLMENT, Platform.WINDOWS, enrollment.challenge(), new CertificateSpec(
                now.subject(), now.subjectAlternativeNames(), now.keySize(), now.hashAlgorithm(), now.keyUsage(),
                now.extendedKeyUsages(), Period.ofYears(2), now.renewalThresholdPercent()), enrollment.groups());
        DesiredState state = IntuneFixtures.state(twoYears);
        connector.read(ReadRequest.of(connector, state));
        Map<String, Object> outputs = new HashMap<>(IntuneFixtures.standardOutputs(ENROLLMENT));
        outputs.put("${intune.trusted-root/" + ENROLLMENT + ".id}", profile.attributes().get(IntuneScepProfile.ROOT_CERTIFICATE));
        Resource desired = IntuneFixtures.resolve(IntuneFixtures.desired(connector, state, IntuneScepProfile.KIND, ENROLLMENT), outputs);
        List<AttributeChange> changes = List.of(new AttributeChange(IntuneScepProfile.VALIDITY_VALUE, Optional.of(1L), Optional.of(2L)));
        String before = serials().get("PC-A|" + wave1);

        // The plan's redistribution carries the profile as the plan read it, before this update.
        ActualResource updated = connector.update(desired, profile, changes);
        assertThat(updated.attributes().get(IntuneScepProfile.VALIDITY_VALUE)).isEqualTo(2L);

        JsonNode version = graph.deviceConfiguration(wave1).orElseThrow();
        assertThat(version.get("certificateValidityPeriodValue").asInt()).isEqualTo(2);
        assertThat(version.get("displayName").asText()).endsWith(" (renewal wave 1)");
        assertThat(serials().get("PC-A|" + wave1)).as("the version's certificate was issued again").isNotEqualTo(before);

        push("PC-B");
        assertThat(graph.deviceConfiguration(versionId(2)).orElseThrow().get("certificateValidityPeriodValue").asInt())
                .as("a new version carries the profile's settings as Graph holds them now, not as the plan read them").isEqualTo(2);
        assertThat(profile.attributes().get(IntuneScepProfile.VALIDITY_VALUE)).as("the plan-time profile pushed with").isEqualTo(1L);
    }

    private List<JsonNode> versions() {
        return graph.deviceConfigurations().stream().filter(p -> p.path("description").asText().contains(WAVE_MARKER)).toList();
    }

    private String versionId(int wave) {
        return versions().stream().filter(p -> p.path("description").asText().contains(WAVE_MARKER + wave + "]"))
                .map(p -> p.get("id").asText()).findFirst().orElseThrow();
    }

    /** Every certificate serial by {@code device|profile id}. */
    private Map<String, String> serials() {
        Map<String, String> out = new HashMap<>();
        for (JsonNode p : graph.deviceConfigurations()) {
            if (p.path("@odata.type").asText().endsWith("SCEPCertificateProfile")) {
                graph.deviceCertificates(p.get("id").asText()).forEach(c ->
                        out.put(c.get("deviceDisplayName").asText() + "|" + p.get("id").asText(), c.get("certificateSerialNumber").asText()));
            }
        }
        return out;
    }

    private Set<String> excluded(String profileId) {
        return graph.assignments(profileId).stream()
                .filter(a -> a.path("target").path("@odata.type").asText().endsWith("exclusionGroupAssignmentTarget"))
                .map(a -> a.path("target").path("groupId").asText()).collect(Collectors.toSet());
    }
}
