package io.scephub.workspaceone;

import io.scephub.core.spi.ReadRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.http.ResilientVendorHttp;
import io.scephub.core.http.VendorHttp;
import io.scephub.core.model.CaSpec;
import io.scephub.core.model.CertificateSpec;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.GroupScope;
import io.scephub.core.model.KeyUsage;
import io.scephub.core.model.Platform;
import io.scephub.core.model.Secret;
import io.scephub.core.model.SecretRef;
import io.scephub.core.resource.ReadResult;
import io.scephub.core.spi.ConnectorContext;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.fixtures.Sandboxes;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import io.scephub.sandbox.Vendor;
import io.scephub.sandbox.WorkspaceOneOptions;
import io.scephub.sandbox.WorkspaceOneSimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The connector against the simulator's per-tenant per-minute limit: a 429 waits out the minute and the read completes. */
@ExtendWith(SandboxExtension.class)
class WorkspaceOneRateLimitTest {

    @Test
    void aReadOverThePerMinuteLimitWaitsForTheNextMinuteAndCompletes(Sandboxes sandboxes) {
        // A first read against an unlimited sandbox loads the classes, so the timed read below takes well under a second.
        try (Sandbox warmUp = sandboxes.start(SandboxOptions.defaults())) {
            assertThat(read(open(warmUp)).problems()).isEmpty();
        }
        ShiftedClock clock = new ShiftedClock();
        try (Sandbox sandbox = sandboxes.start(SandboxOptions.builder().clock(clock)
                .workspaceOne(WorkspaceOneOptions.defaults().withRateLimits(4, 0)).build())) {
            WorkspaceOneConnector connector = open(sandbox);
            // The simulator's minute is made to end five seconds from now, so the Retry-After of its 429 stays short.
            clock.endMinuteIn(Duration.ofSeconds(5));

            ReadResult read = read(connector);

            assertThat(read.problems()).isEmpty();
            assertThat(sandbox.requests().of(Vendor.WORKSPACEONE)).filteredOn(r -> r.status() == 429).isNotEmpty();
            assertThat(sandbox.requests().of(Vendor.WORKSPACEONE)).last().satisfies(r -> assertThat(r.status()).isEqualTo(200));
            // Waited out the rest of that minute, not a whole one.
            assertThat(Duration.between(sandbox.requests().of(Vendor.WORKSPACEONE).get(0).time(),
                    sandbox.requests().of(Vendor.WORKSPACEONE).get(sandbox.requests().of(Vendor.WORKSPACEONE).size() - 1).time()))
                    .isLessThan(Duration.ofSeconds(15));
        }
    }

    private static WorkspaceOneConnector open(Sandbox sandbox) {
        WorkspaceOneConnector connector = (WorkspaceOneConnector) new WorkspaceOneConnectorProvider().open(
                new ConnectorSettings("workspaceone", "mdm.workspaceone", Map.of("url", sandbox.workspaceOneBaseUrl(),
                        "tokenUrl", sandbox.workspaceOneTokenUrl(), "clientId", new SecretRef(SecretRef.Source.ENV, "ID"),
                        "clientSecret", new SecretRef(SecretRef.Source.ENV, "SECRET"),
                        "apiKey", new SecretRef(SecretRef.Source.ENV, "KEY"), "organizationGroup", "Corp")), new Context());
        return connector;
    }

    /** The read the engine asks for the one enrollment of these tests. */
    private static ReadResult read(WorkspaceOneConnector connector) {
        return connector.read(ReadRequest.of(connector, new DesiredState(Map.of(), List.of(new EnrollmentSpec("windows-ws1", Platform.WINDOWS,
                "workspaceone", ChallengeType.STATIC, new CaSpec.OktaCa(), new CertificateSpec("CN={DeviceUid}", List.of(), 2048,
                "sha256", Set.of(KeyUsage.DIGITAL_SIGNATURE), List.of(), Period.ofYears(1), 20),
                new GroupScope(List.of(WorkspaceOneSimulator.SEED_SMART_GROUP), List.of()), Optional.empty(), Optional.empty())))));
    }

    /** The system clock moved by an offset set during the test. */
    private static final class ShiftedClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void endMinuteIn(Duration remaining) {
            Instant real = Instant.now();
            long intoMinute = real.toEpochMilli() % 60_000;
            offset = Duration.ofMillis(60_000 - remaining.toMillis() - intoMinute);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    private static final class Context implements ConnectorContext {
        private final VendorHttp http = new ResilientVendorHttp(Clock.systemUTC());

        @Override
        public Secret secret(SecretRef ref) {
            return Secret.of(switch (ref.name()) {
                case "ID" -> WorkspaceOneOptions.DEFAULT_CLIENT_ID;
                case "SECRET" -> WorkspaceOneOptions.DEFAULT_CLIENT_SECRET;
                default -> WorkspaceOneOptions.DEFAULT_API_KEY;
            }, ref.toString());
        }

        @Override
        public VendorHttp http() {
            return http;
        }

        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }
    }
}
