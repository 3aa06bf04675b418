package io.scephub.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scephub.core.model.Secret;
import io.scephub.core.testing.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;

class ClientCredentialsTokensTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2027-01-01T00:00:00Z"));
    private final List<String> redacted = new ArrayList<>();
    private int issued;
    private long lifetimeSeconds = 3600;

    /** An endpoint whose n-th answer is "token-n", living {@link #lifetimeSeconds}. */
    private final TokenEndpoint endpoint = new TokenEndpoint() {
        @Override
        public Request request() {
            return new Request.Builder().url("http://127.0.0.1:1/token").build();
        }

        @Override
        public IssuedToken answer(Response response, String body) {
            if (body.equals("refused")) {
                throw new IllegalStateException("vendor refused");
            }
            return new IssuedToken(Secret.of(body, "test"), Duration.ofSeconds(lifetimeSeconds));
        }

        @Override
        public RuntimeException noAnswer(IOException cause) {
            return new IllegalStateException("no answer", cause);
        }
    };

    private String nextBody = null;

    private final OkHttpClient client = new OkHttpClient.Builder().addInterceptor(chain -> {
        String body = nextBody != null ? nextBody : "token-" + (++issued);
        return new Response.Builder().request(chain.request()).protocol(Protocol.HTTP_1_1).code(200).message("OK")
                .body(ResponseBody.create(body, MediaType.get("text/plain"))).build();
    }).build();

    private ClientCredentialsTokens tokens(Duration early) {
        return new ClientCredentialsTokens(client, endpoint, early, clock, redacted::add);
    }

    @Test
    void keepsTheTokenUntilTheEarlyRenewalMarginAndRegistersEachForRedaction() {
        ClientCredentialsTokens tokens = tokens(Duration.ofSeconds(60));
        assertThat(tokens.token().reveal()).isEqualTo("token-1");
        clock.advance(Duration.ofSeconds(3539));
        assertThat(tokens.token().reveal()).isEqualTo("token-1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.token().reveal()).isEqualTo("token-2");
        assertThat(redacted).containsExactly("token-1", "token-2");
    }

    @Test
    void aShortLivedTokenIsRenewedAtHalfItsLifetime() {
        lifetimeSeconds = 60;
        ClientCredentialsTokens tokens = tokens(Duration.ofMinutes(5));
        assertThat(tokens.token().reveal()).isEqualTo("token-1");
        clock.advance(Duration.ofSeconds(29));
        assertThat(tokens.token().reveal()).isEqualTo("token-1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.token().reveal()).isEqualTo("token-2");
    }

    @Test
    void invalidateForgetsOnlyTheRejectedToken() {
        ClientCredentialsTokens tokens = tokens(Duration.ofSeconds(60));
        Secret first = tokens.token();
        tokens.invalidate(Secret.of("some-older-token", "test"));
        assertThat(tokens.token()).isEqualTo(first);
        tokens.invalidate(first);
        assertThat(tokens.token().reveal()).isEqualTo("token-2");
    }

    @Test
    void theVendorsErrorsPassThroughAndNothingIsCached() {
        ClientCredentialsTokens tokens = tokens(Duration.ofSeconds(60));
        nextBody = "refused";
        assertThatThrownBy(tokens::token).hasMessage("vendor refused");
        nextBody = null;
        assertThat(tokens.token().reveal()).isEqualTo("token-1");
        assertThat(redacted).containsExactly("token-1");
    }
}
