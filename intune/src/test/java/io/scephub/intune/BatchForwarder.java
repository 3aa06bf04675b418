package io.scephub.intune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Answers WireMock's {@code POST /beta/$batch} the way Graph does: each step is sent to the same
 * WireMock server as its own request (so the tests' single-request stubs and verifications keep
 * working) and the answers are wrapped into one batch response.
 */
final class BatchForwarder implements ResponseDefinitionTransformerV2 {
    static final String NAME = "graph-batch";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        LoggedRequest request = event.getRequest();
        URI self = URI.create(request.getAbsoluteUrl());
        String root = self.getScheme() + "://" + self.getAuthority() + "/beta";
        try {
            JsonNode body = JSON.readTree(request.getBodyAsString());
            ObjectNode answer = JSON.createObjectNode();
            ArrayNode responses = answer.putArray("responses");
            for (JsonNode step : body.path("requests")) {
                HttpRequest.Builder inner = HttpRequest.newBuilder(URI.create(root + step.path("url").asText()))
                        .header("Authorization", request.getHeader("Authorization"));
                String method = step.path("method").asText();
                if (step.has("body")) {
                    inner.header("Content-Type", "application/json")
                            .method(method, HttpRequest.BodyPublishers.ofString(step.get("body").toString()));
                } else {
                    inner.method(method, HttpRequest.BodyPublishers.noBody());
                }
                HttpResponse<String> response = http.send(inner.build(), HttpResponse.BodyHandlers.ofString());
                ObjectNode item = responses.addObject();
                item.put("id", step.path("id").asText());
                item.put("status", response.statusCode());
                ObjectNode headers = item.putObject("headers");
                response.headers().firstValue("Retry-After").ifPresent(v -> headers.put("Retry-After", v));
                if (!response.body().isBlank()) {
                    try {
                        item.set("body", JSON.readTree(response.body()));
                    } catch (IOException e) {
                        item.put("body", response.body());
                    }
                }
            }
            // WireMock's own JSON writer is shaded and does not know these nodes: send the text.
            return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(answer.toString()).build();
        } catch (IOException e) {
            throw new IllegalStateException("could not forward a $batch step", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while forwarding a $batch step", e);
        }
    }
}
