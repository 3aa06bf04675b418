package io.scephub.workspaceone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A loopback HTTP server that answers with the published UEM fixtures under {@code /uem/fixtures}
 * (status and body exactly as captured) and records every request, so a test can check what the
 * connector sends against the model and what it makes of the real answers.
 */
final class UemFixtureServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received. */
    record Received(String method, String path, String query, String accept, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final HttpServer server;
    private final Map<String, Route> routes = new LinkedHashMap<>();

    /** A fixture, and what the test changes in its body (the identity for most). */
    private record Route(String fixture, UnaryOperator<JsonNode> edit) {
    }
    private final List<Received> received = new ArrayList<>();

    UemFixtureServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code method} on paths matching {@code pathRegex} with the fixture's captured response. */
    UemFixtureServer route(String method, String pathRegex, String fixture) {
        return route(method, pathRegex, fixture, UnaryOperator.identity());
    }

    /** Like {@link #route(String, String, String)}, with the body edited first; a later route for a path wins. */
    UemFixtureServer route(String method, String pathRegex, String fixture, UnaryOperator<JsonNode> edit) {
        routes.put(method + " " + pathRegex, new Route(fixture, edit));
        return this;
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    synchronized List<Received> received(String method, String pathRegex) {
        return received.stream().filter(r -> r.method().equals(method) && r.path().matches(pathRegex)).toList();
    }

    synchronized void clear() {
        received.clear();
    }

    static JsonNode fixture(String name) {
        try (InputStream in = UemFixtureServer.class.getResourceAsStream("/uem/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        synchronized (this) {
            received.add(new Received(method, path, exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("Accept"), body));
        }
        Route fixture = null;
        for (Map.Entry<String, Route> route : routes.entrySet()) {
            String[] parts = route.getKey().split(" ", 2);
            if (parts[0].equals(method) && path.matches(parts[1])) {
                fixture = route.getValue();
            }
        }
        if (fixture == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        JsonNode response = fixture(fixture.fixture()).path("response");
        JsonNode answer = fixture.edit().apply(response.path("body"));
        int status = response.path("status_code").asInt();
        response.path("headers").fields().forEachRemaining(h -> exchange.getResponseHeaders().add(h.getKey(), h.getValue().asText()));
        if (answer.isNull() || answer.isMissingNode()) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            byte[] bytes = JSON.writeValueAsBytes(answer);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
