package io.scephub.hub.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.config.ScephubConfig;
import io.scephub.core.expiry.CredentialExpiry;
import io.scephub.fixtures.TestPki;
import io.scephub.hub.Hub;
import io.scephub.hub.HubEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code tenants:}, two tenants' credentials of the same shape (each tenant's first signer root is
 * {@code challenge-signer/0/0}) are named after their tenant, so metrics rows and once-a-day notices keyed by the
 * name do not merge them; a single-tenant file keeps its names.
 */
class TenantExpiryNamesTest {
    @TempDir
    Path dir;

    @Test
    void eachTenantsSignerRootIsNamedAfterItsTenant() throws Exception {
        Instant now = Instant.now();
        Files.createDirectories(dir.resolve("certs"));
        Files.writeString(dir.resolve("certs/a.pem"), TestPki.pem(root("CN=Root A", now.plus(Duration.ofDays(10)))));
        Files.writeString(dir.resolve("certs/b.pem"), TestPki.pem(root("CN=Root B", now.plus(Duration.ofDays(400)))));
        Path file = Files.writeString(dir.resolve("scephub.yaml"), "version: 1\ntenants:\n" + tenant("a") + tenant("b"));

        try (Hub hub = Hub.create(new HubEnvironment(Map.of(), dir, Clock.systemUTC()))) {
            ScephubConfig config = hub.load(file);
            List<CredentialExpiry> a = ExpiryWatch.collect(config.forTenant("a"), Map.of());
            List<CredentialExpiry> b = ExpiryWatch.collect(config.forTenant("b"), Map.of());

            assertThat(a).extracting(CredentialExpiry::name).containsExactly("a/challenge-signer/0/0");
            assertThat(b).extracting(CredentialExpiry::name).containsExactly("b/challenge-signer/0/0");
            assertThat(a.get(0).source()).isEqualTo("tenants (a).delegatedChallenge.signers[0] (intune:tenant-a)");
            assertThat(a.get(0).description()).isEqualTo("CN=Root A");
            assertThat(b.get(0).description()).isEqualTo("CN=Root B");
        }
    }

    @Test
    void aSingleTenantFileKeepsItsNames() throws Exception {
        Files.createDirectories(dir.resolve("certs"));
        Files.writeString(dir.resolve("certs/a.pem"), TestPki.pem(root("CN=Root A", Instant.now().plus(Duration.ofDays(10)))));
        Path file = Files.writeString(dir.resolve("scephub.yaml"), "version: 1\n"
                + tenant("a").replace("  - name: a\n", "").replaceAll("(?m)^    ", ""));

        try (Hub hub = Hub.create(new HubEnvironment(Map.of(), dir, Clock.systemUTC()))) {
            List<CredentialExpiry> found = ExpiryWatch.collect(hub.load(file), Map.of());

            assertThat(found).extracting(CredentialExpiry::name).containsExactly("challenge-signer/0/0");
            assertThat(found.get(0).source()).isEqualTo("delegatedChallenge.signers[0] (intune:tenant-a)");
        }
    }

    private static String tenant(String name) {
        return """
                  - name: %1$s
                    okta:
                      orgUrl: https://%1$s.okta.com
                      auth:
                        apiToken: ${env:%2$s_OKTA_API_TOKEN}
                    delegatedChallenge:
                      signers:
                        - issuer: "intune:tenant-%1$s"
                          audience: "okta-scep:windows-delegated"
                          algorithms: [ES256]
                          trustAnchors: [certs/%1$s.pem]
                """.formatted(name, name.toUpperCase(java.util.Locale.ROOT));
    }

    private static X509Certificate root(String subject, Instant notAfter) {
        return TestPki.certificate(subject, notAfter).withoutBasicConstraints().withoutKeyUsage().withoutKeyIdentifiers()
                .validity(notAfter.minus(Duration.ofDays(365)), notAfter).build().certificate();
    }
}
