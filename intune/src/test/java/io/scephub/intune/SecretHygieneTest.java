package io.scephub.intune;

import io.scephub.core.spi.ReadRequest;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.scephub.intune.TestContext.CANARY_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.scephub.core.error.VendorError;
import io.scephub.core.spi.Connector;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SecretHygieneTest {
    private WireMockServer server;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void start() {
        server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void stop() {
        root.detachAppender(logs);
        server.stop();
    }

    @Test
    void aRefusedTokenRequestEchoingTheSecretNeverShowsItInTheErrorOrTheLogs() {
        server.stubFor(post(urlPathEqualTo("/" + IntuneFixtures.TENANT + "/oauth2/v2.0/token")).willReturn(aResponse()
                .withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided: "
                        + CANARY_SECRET + "\\r\\nTrace ID: abc\",\"trace_id\":\"trace-1\"}")));
        TestContext context = new TestContext();
        Connector connector = new IntuneConnectorProvider().open(IntuneFixtures.settings(server.port()), context);

        Throwable failure = catchThrowable(() -> connector.read(ReadRequest.nothing()));

        assertThat(failure).isInstanceOf(VendorError.class);
        VendorError error = (VendorError) failure;
        assertThat(error.status()).isEqualTo(401);
        assertThat(error.vendorCode()).contains("invalid_client");
        assertThat(error.requestId()).contains("trace-1");
        assertThat(error.getMessage()).contains("AADSTS7000215").doesNotContain(CANARY_SECRET);
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain(CANARY_SECRET);
        assertThat(context.redacted).contains(CANARY_SECRET);
        assertNoLogShows(CANARY_SECRET);
    }

    @Test
    void aSuccessfulRunLogsNeitherTheSecretNorTheAccessToken() {
        server.stubFor(post(urlPathEqualTo("/" + IntuneFixtures.TENANT + "/oauth2/v2.0/token"))
                .willReturn(okJson("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"secret-access-token\"}")));
        server.stubFor(get(urlPathEqualTo("/beta/deviceManagement/deviceConfigurations")).willReturn(okJson("{\"value\":[]}")));
        TestContext context = new TestContext();
        Connector connector = new IntuneConnectorProvider().open(IntuneFixtures.settings(server.port()), context);

        connector.read(ReadRequest.nothing());

        assertThat(context.redacted).contains(CANARY_SECRET, "secret-access-token");
        assertNoLogShows(CANARY_SECRET);
        assertNoLogShows("secret-access-token");
        assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("vendor=intune"));
    }

    private void assertNoLogShows(String value) {
        for (ILoggingEvent event : logs.list) {
            assertThat(event.getFormattedMessage()).doesNotContain(value);
            if (event.getThrowableProxy() != null) {
                assertThat(ThrowableProxyUtil.asString(event.getThrowableProxy())).doesNotContain(value);
            }
        }
    }
}
