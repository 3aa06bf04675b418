package io.scephub.jamf;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.scephub.core.error.VendorError;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Errors name the HTTP status Jamf really answered (issue #13 item 6: a 200 HTML page was reported as "HTTP 201"). */
class JamfClientTest {
    private HttpServer server;
    private JamfClient client;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // What a proxy's or SSO's login page looks like to the client: 200 with HTML instead of Jamf's XML.
        server.createContext("/", exchange -> {
            byte[] html = "<html><body><p>Please sign in</p></body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, html.length);
            exchange.getResponseBody().write(html);
            exchange.close();
        });
        server.start();
        client = new JamfClient(new OkHttpClient(), new JamfPaths(HttpUrl.get("http://127.0.0.1:" + server.getAddress().getPort())));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aCreateAnsweredWithAnHtmlPageStatesTheStatusJamfSent() {
        assertThatThrownBy(() -> client.createProfile(new JamfXml.Profile())).isInstanceOf(VendorError.class)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((VendorError) e).status()).isEqualTo(200))
                .hasMessageContaining("(HTTP 200)").hasMessageNotContaining("HTTP 201");
    }

    @Test
    void anUpdateAnsweredWithAnHtmlPageStatesTheStatusJamfSent() {
        assertThatThrownBy(() -> client.updateProfile(7, new JamfXml.Profile())).isInstanceOf(VendorError.class)
                .hasMessageContaining("(HTTP 200)").hasMessageNotContaining("HTTP 201");
    }
}
