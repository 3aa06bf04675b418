package io.scephub.intune;

import io.scephub.core.text.DisplayName;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.graph.beta.models.odataerrors.ODataError;
import com.microsoft.kiota.HttpMethod;
import com.microsoft.kiota.RequestAdapter;
import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.ParsableFactory;
import com.microsoft.kiota.serialization.ParseNodeFactoryRegistry;
import io.scephub.core.error.VendorError;
import io.scephub.core.http.Sleeper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Graph JSON batching: up to {@value #MAX_STEPS} requests in one {@code POST /$batch}. Graph counts
 * each inner request against its throttling limits and answers a throttled one with its own 429
 * and {@code Retry-After} inside a 200 batch response, so those steps are sent again after the
 * longest delay asked (bounded by {@code maxWait}, at most {@code maxRounds} times).
 */
final class GraphBatch {
    /** Graph's documented maximum number of requests in one JSON batch. */
    static final int MAX_STEPS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request of a batch; {@code url} is relative to the Graph version root, e.g. {@code /groups?...}. */
    /** One inner request; {@code label} says what it is about (e.g. {@code group "ODA Macs"}) when the whole batch fails. */
    record Step(String id, String method, String url, JsonNode body, String label) {
        Step(String id, String method, String url, JsonNode body) {
            this(id, method, url, body, method + " step " + id);
        }

        static Step get(String id, String url) {
            return new Step(id, "GET", url, null);
        }

        static Step get(String id, String url, String label) {
            return new Step(id, "GET", url, null, label);
        }
    }

    /** One answer: status, headers and JSON body (a missing body is an empty object). */
    record Answer(String id, int status, Map<String, String> headers, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The body parsed into an SDK model type, as the typed client would have. */
        <T extends Parsable> T as(ParsableFactory<T> factory) {
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            return ParseNodeFactoryRegistry.defaultInstance.getParseNode("application/json", new ByteArrayInputStream(bytes))
                    .getObjectValue(factory);
        }

        /** This failed answer as the error the connector reports (Graph error code and request id kept). */
        VendorError error(String action) {
            JsonNode error = body.path("error");
            String code = error.path("code").asText(null);
            String requestId = error.path("innerError").path("request-id").asText(headers.get("request-id"));
            String message = error.path("message").asText("");
            return new VendorError("intune", status, code, requestId, action + " failed" + (message.isEmpty() ? "" : ": " + message));
        }
    }

    private final RequestAdapter adapter;
    private final String batchUrl;
    private final Sleeper sleeper;
    private final Duration maxWait;
    private final int maxRounds;

    GraphBatch(RequestAdapter adapter, String graphBaseUrl, Sleeper sleeper, Duration maxWait, int maxRounds) {
        this.adapter = adapter;
        this.batchUrl = GraphPaths.batchUrl(graphBaseUrl);
        this.sleeper = sleeper;
        this.maxWait = maxWait;
        this.maxRounds = maxRounds;
    }

    /** Sends every step (in batches of at most {@value #MAX_STEPS}) and returns the answers by step id. */
    Map<String, Answer> send(List<Step> steps, String action) {
        Map<String, Answer> answers = new LinkedHashMap<>();
        for (int from = 0; from < steps.size(); from += MAX_STEPS) {
            List<Step> chunk = steps.subList(from, Math.min(steps.size(), from + MAX_STEPS));
            answers.putAll(sendWithRetries(chunk, action));
        }
        return answers;
    }

    private Map<String, Answer> sendWithRetries(List<Step> chunk, String action) {
        Map<String, Step> pending = new LinkedHashMap<>();
        chunk.forEach(step -> pending.put(step.id(), step));
        Map<String, Answer> answers = new LinkedHashMap<>();
        for (int round = 1; ; round++) {
            Map<String, Answer> got = post(List.copyOf(pending.values()), action);
            Duration wait = Duration.ZERO;
            for (Iterator<Map.Entry<String, Step>> it = pending.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Step> entry = it.next();
                Answer answer = got.get(entry.getKey());
                if (answer == null) {
                    throw new VendorError("intune", 0, null, null, action + " failed: the $batch response has no answer for step "
                            + entry.getKey());
                }
                answers.put(entry.getKey(), answer);
                if (!retryable(answer, entry.getValue()) || round >= maxRounds) {
                    it.remove();
                } else {
                    Duration asked = retryAfter(answer).orElse(Duration.ofSeconds(1L << Math.min(round - 1, 5)));
                    wait = asked.compareTo(wait) > 0 ? asked : wait;
                }
            }
            if (pending.isEmpty()) {
                return answers;
            }
            if (wait.compareTo(maxWait) > 0) {
                // Graph asks for a longer pause than we will spend: report the throttled steps as they are.
                return answers;
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VendorError("intune", 0, null, null, action + " interrupted while waiting for Graph's Retry-After");
            }
        }
    }

    /**
     * 429 and 503 mean the inner request was not processed; 500, 502 and 504 are safe to repeat only
     * for reads, as a direct read is repeated on them (issue #13).
     */
    private static boolean retryable(Answer answer, Step step) {
        return answer.status() == 429 || answer.status() == 503
                || (step.method().equals("GET") && (answer.status() == 500 || answer.status() == 502 || answer.status() == 504));
    }

    private static Optional<Duration> retryAfter(Answer answer) {
        String value = answer.headers().get("retry-after");
        if (value == null) {
            return Optional.empty();
        }
        try {
            double seconds = Double.parseDouble(value.trim());
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The steps' labels, at most five, then how many more. */
    static String labels(List<Step> steps) {
        String shown = steps.stream().limit(5).map(Step::label).collect(java.util.stream.Collectors.joining(", "));
        return steps.size() > 5 ? shown + " and " + (steps.size() - 5) + " more" : shown;
    }

    private Map<String, Answer> post(List<Step> steps, String action) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode requests = body.putArray("requests");
        for (Step step : steps) {
            ObjectNode request = requests.addObject();
            request.put("id", step.id());
            request.put("method", step.method());
            request.put("url", step.url());
            if (step.body() != null) {
                request.set("body", step.body());
                request.putObject("headers").put("Content-Type", "application/json");
            }
        }
        RequestInformation request = new RequestInformation();
        request.httpMethod = HttpMethod.POST;
        request.setUri(URI.create(batchUrl));
        request.headers.tryAdd("Accept", "application/json");
        request.setStreamContent(new ByteArrayInputStream(body.toString().getBytes(StandardCharsets.UTF_8)), "application/json");
        HashMap<String, ParsableFactory<? extends Parsable>> errors = new HashMap<>();
        errors.put("XXX", ODataError::createFromDiscriminatorValue);
        JsonNode response;
        try (InputStream in = adapter.sendPrimitive(request, errors, InputStream.class)) {
            response = in == null ? JSON.createObjectNode() : JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable $batch response from Graph: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Name the items: "find groups by name ($batch of 1: group "ODA…(300 chars)")" says which one Graph refused.
            throw GraphErrors.toVendorError(action + " ($batch of " + steps.size() + ": " + labels(steps) + ")", e);
        }
        Map<String, Answer> answers = new HashMap<>();
        for (JsonNode item : response.path("responses")) {
            Map<String, String> headers = new HashMap<>();
            item.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue().asText()));
            JsonNode itemBody = item.get("body");
            answers.put(item.path("id").asText(), new Answer(item.path("id").asText(), item.path("status").asInt(0), headers,
                    itemBody == null || itemBody.isNull() ? JSON.createObjectNode() : itemBody));
        }
        return answers;
    }

}
