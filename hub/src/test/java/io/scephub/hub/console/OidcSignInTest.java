package io.scephub.hub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scephub.config.HubSettings;
import io.scephub.core.http.ResilientVendorHttp;
import io.scephub.core.model.Secret;
import io.scephub.core.model.SecretRef;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.sandbox.Fault;
import io.scephub.sandbox.OktaOidcProvider;
import io.scephub.sandbox.RecordedRequest;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.Vendor;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SandboxExtension.class)
class OidcSignInTest {
    private Sandbox sandbox;
    private ResilientVendorHttp http;

    @BeforeEach
    void start(Sandbox started) {
        sandbox = started;
        http = new ResilientVendorHttp(Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        http.close();
    }

    private OidcSignIn signIn() {
        HubSettings.Console settings = new HubSettings.Console(sandbox.oidc().issuer(), OktaOidcProvider.CONSOLE_CLIENT_ID,
                new SecretRef(SecretRef.Source.ENV, "CONSOLE_SECRET"), "http://127.0.0.1:1/auth/callback", "groups",
                List.of(OktaOidcProvider.VIEWER_GROUP), List.of(OktaOidcProvider.OPERATOR_GROUP), false);
        return new OidcSignIn(settings, Secret.of(sandbox.oidc().clientSecret(), "test"), http);
    }

    private List<RecordedRequest> discoveries() {
        return sandbox.requests().of(Vendor.OKTA).stream().filter(r -> r.path().endsWith("/.well-known/openid-configuration")).toList();
    }

    @Test
    void aFailedDiscoveryIsRetriedThroughTheSharedClient() throws Exception {
        sandbox.faults().nextN(Vendor.OKTA, 1, Fault.status(503));

        String uri = signIn().authorizationUri("state-1", "nonce-1", OidcSignIn.newCodeVerifier()).toString();

        assertThat(uri).startsWith(sandbox.oktaBaseUrl() + "/oauth2/v1/authorize?").contains("code_challenge_method=S256");
        assertThat(discoveries()).extracting(RecordedRequest::status).containsExactly(503, 200);
    }

    @Test
    void anOktaThatKeepsFailingEndsTheSignInWithAReadableReasonAfterTheRetryBudget() {
        sandbox.faults().nextN(Vendor.OKTA, 10, Fault.status(500));

        assertThatThrownBy(() -> signIn().authorizationUri("s", "n", OidcSignIn.newCodeVerifier()))
                .isInstanceOf(OidcSignIn.SignInFailed.class).hasMessageContaining("OpenID configuration cannot be read")
                .hasMessageNotContaining(sandbox.oidc().clientSecret());
        assertThat(discoveries()).hasSize(OidcSignIn.POLICY.maxAttempts());
    }
}
