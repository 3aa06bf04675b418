package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.scephub.config.HubSettings;
import io.scephub.core.challenge.ChallengeSigner;
import io.scephub.core.challenge.ChallengeTrust;
import io.scephub.core.challenge.JwsAlgorithm;
import io.scephub.fixtures.TestPki;
import io.scephub.hub.challenge.ChallengeVerification;
import io.scephub.hub.server.ApiTokens;
import io.scephub.hub.server.HubServer;
import io.scephub.hub.state.StateStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Two hub instances share one PostgreSQL: a delegated challenge sent to both at once is accepted exactly once. */
class TwoInstancesOnePostgresTest {
    static final String API_TOKEN = "it-api-token-7d2e";
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSameChallengePostedToBothInstancesAtOnceIsAcceptedByExactlyOne() throws Exception {
        KeyPair key = TestPki.ecKey();
        ChallengeTrust trust = ChallengeTrust.of(List.of(ChallengeSigner.forKeys("intune:it", "okta-scep:it",
                Set.of(JwsAlgorithm.ES256), Map.of("k1", key.getPublic()))));
        Clock clock = Clock.systemUTC();

        try (EmbeddedPostgres postgres = EmbeddedPostgres.start();
             StateStore storeA = open(postgres); StateStore storeB = open(postgres);
             HubServer a = server(trust, storeA, clock); HubServer b = server(trust, storeB, clock)) {
            HttpClient http = HttpClient.newHttpClient();
            for (int round = 0; round < 10; round++) {
                String token = token(key, clock.instant());
                CountDownLatch go = new CountDownLatch(1);
                List<CompletableFuture<String>> answers = new ArrayList<>();
                for (HubServer instance : List.of(a, b)) {
                    HttpRequest request = HttpRequest.newBuilder(instance.uri().resolve("/api/v1/challenges/verify"))
                            .header("Authorization", "Bearer " + API_TOKEN).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("token", token).toString())).build();
                    answers.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            go.await();
                            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                            assertThat(response.statusCode()).isEqualTo(200);
                            var body = JSON.readTree(response.body());
                            return body.path("decision").asText() + ":" + body.path("reason").asText("");
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }));
                }
                go.countDown();
                List<String> decisions = answers.stream().map(CompletableFuture::join).toList();
                assertThat(decisions).as("round %d", round).containsExactlyInAnyOrder("accepted:", "rejected:REPLAYED");
            }
        }
    }

    private static StateStore open(EmbeddedPostgres postgres) {
        return StateStore.open(Optional.of(postgres.getJdbcUrl("postgres", "postgres")), Optional.of("postgres"), Optional.empty(),
                Path.of("unused"));
    }

    private static HubServer server(ChallengeTrust trust, StateStore store, Clock clock) {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        return new HubServer(new HubSettings.Listen("127.0.0.1", 0), ApiTokens.ofPlainTokens(Map.of("it", API_TOKEN)),
                ChallengeVerification.create(Optional.of(trust), store, clock, metrics), store.dataSource(), metrics, clock).start();
    }

    private static String token(KeyPair key, Instant now) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("scep-challenge+jwt")).keyID("k1").build(),
                new JWTClaimsSet.Builder().issuer("intune:it").audience("okta-scep:it").subject("device-it")
                        .jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plus(Duration.ofMinutes(5)))).build());
        jwt.sign(new ECDSASigner((ECPrivateKey) key.getPrivate()));
        return jwt.serialize();
    }
}
