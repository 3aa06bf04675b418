package io.scephub.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.scephub.config.ScephubConfig;
import io.scephub.hub.Hub;
import io.scephub.hub.HubEnvironment;
import io.scephub.hub.challenge.ChallengeFixtures;
import io.scephub.hub.challenge.ChallengeVerification;
import io.scephub.hub.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each tenant's console challenges page counts the decisions made at that tenant, and only those. */
class ConsoleTenantChallengesTest {
    @TempDir
    Path dir;

    @Test
    void aTenantsChallengesPageShowsItsOwnDecisions() throws Exception {
        ChallengeFixtures signerA = new ChallengeFixtures();
        Files.createDirectories(dir.resolve("certs"));
        Files.writeString(dir.resolve("certs/a.pem"), ChallengeFixtures.pem("PUBLIC KEY", signerA.key.getPublic().getEncoded()));
        StringBuilder yaml = new StringBuilder("version: 1\ntenants:\n");
        for (String t : new String[] {"a", "b"}) {
            yaml.append("""
                      - name: %s
                        okta:
                          orgUrl: https://%s.okta.com
                          auth:
                            apiToken: ${env:%s_OKTA_API_TOKEN}
                    """.formatted(t, t, t.toUpperCase(java.util.Locale.ROOT)));
        }
        yaml.insert(yaml.indexOf("  - name: b"), """
                    delegatedChallenge:
                      signers:
                        - { issuer: "%s", audience: "%s", algorithms: [ES256], keys: { %s: certs/a.pem } }
                """.formatted(ChallengeFixtures.ISSUER, ChallengeFixtures.AUDIENCE, ChallengeFixtures.KID));
        Path file = Files.writeString(dir.resolve("scephub.yaml"), yaml);
        Clock clock = Clock.systemUTC();
        ScephubConfig config;
        try (Hub hub = Hub.create(new HubEnvironment(Map.of(), dir, clock))) {
            config = hub.load(file);
        }
        StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir.resolve("data"));
        try {
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            ChallengeVerification.forTenant(config, "a", store, clock, metrics).verify(signerA.token(Instant.now()), Optional.empty(), "cli");
            ChallengeVerification.forTenant(config, "b", store, clock, metrics).verify(signerA.token(Instant.now()), Optional.empty(), "cli");
            ChallengeVerification.forTenant(config, "b", store, clock, metrics).verify("x.y.z", Optional.empty(), "cli");

            ConsoleData data = new ConsoleData(() -> config, store.dataSource(), clock);
            ConsoleViews.ChallengesPage a = page(data, "a");
            ConsoleViews.ChallengesPage b = page(data, "b");
            ConsoleViews.ChallengesPage whole = new ConsoleHistory(data.auditLog(), data.deviceStateCounts()).challenges(Instant.now());

            assertThat(a.accepted()).isEqualTo(1);
            assertThat(a.rejected()).isZero();
            assertThat(b.accepted()).isZero();
            assertThat(b.rejected()).isEqualTo(2);
            assertThat(b.reasons()).extracting(ConsoleViews.ReasonRow::reason)
                    .contains("rejected: WRONG_TENANT", "rejected: MALFORMED");
            assertThat(whole.accepted() + whole.rejected()).as("the default tenant's page: no tenant's decisions").isZero();
        } finally {
            store.close();
        }
    }

    private static ConsoleViews.ChallengesPage page(ConsoleData data, String tenant) {
        ConsoleData scoped = data.scoped(tenant, "/tenants/" + tenant);
        return new ConsoleHistory(scoped.auditLog(), scoped.deviceStateCounts()).challenges(Instant.now());
    }
}
