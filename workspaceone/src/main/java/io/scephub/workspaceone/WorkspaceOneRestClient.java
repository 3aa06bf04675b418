package io.scephub.workspaceone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.core.error.VendorError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * JSON over UEM's REST API: the version in the Accept header, errors as VendorError, 404 and 204
 * (UEM's answer to an empty search) as "nothing", UEM's 400s for a gone profile as "gone", and
 * page-number paging by {@code Page}/{@code Total}.
 */
final class WorkspaceOneRestClient {
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final OkHttpClient http;
    private final ObjectMapper mapper;
    private final WorkspaceOneErrors errors;

    WorkspaceOneRestClient(OkHttpClient http, ObjectMapper mapper) {
        this.http = http;
        this.mapper = mapper;
        this.errors = new WorkspaceOneErrors(mapper);
    }

    /** The JSON at {@code url}, or empty on 404 or 204 (UEM's answer to an empty search). */
    Optional<JsonNode> get(HttpUrl url, int version) {
        Answer answer = call("GET", url, version, null);
        if (answer.status() == 404 || answer.status() == 204) {
            return Optional.empty();
        }
        return Optional.of(parse(answer.ok("GET", url), "GET", url));
    }

    /**
     * A profile, or empty when it is gone: UEM answers a deleted or unknown profile id with 400 and
     * {@code "Invalid Profile <id>."} (profiles_get_not_found.json), not 404.
     */
    Optional<JsonNode> getProfile(HttpUrl url, int version) {
        Answer answer = call("GET", url, version, null);
        if (answer.status() == 404 || answer.status() == 204 || answer.messageStarts(400, "Invalid Profile")) {
            return Optional.empty();
        }
        return Optional.of(parse(answer.ok("GET", url), "GET", url));
    }

    /**
     * Every element of the first of {@code members} the answer has, across all pages; {@code page}
     * builds the URL of page n (0-based).
     */
    List<JsonNode> list(IntFunction<HttpUrl> page, int version, String... members) {
        List<JsonNode> all = new ArrayList<>();
        forEach(page, version, all::add, members);
        return all;
    }

    /** As {@link #list}, handing each element to {@code sink} as its page arrives (bounded memory for any fleet). */
    void forEach(IntFunction<HttpUrl> page, int version, java.util.function.Consumer<JsonNode> sink, String... members) {
        long seen = 0;
        for (int n = 0; ; n++) {
            Optional<JsonNode> answer = get(page.apply(n), version);
            if (answer.isEmpty()) {
                return;
            }
            JsonNode items = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
            for (String member : members) {
                if (answer.get().has(member)) {
                    items = answer.get().path(member);
                    break;
                }
            }
            items.forEach(sink);
            seen += items.size();
            JsonNode total = answer.get().has("Total") ? answer.get().path("Total") : answer.get().path("TotalResults");
            if (items.isEmpty() || seen >= total.asLong(seen)) {
                return;
            }
        }
    }

    /**
     * Sends {@code body} and returns the answer's text, empty when UEM answered without one (the
     * winrt update answers 204 or 200 with no body).
     */
    String send(String method, HttpUrl url, int version, JsonNode body) {
        return call(method, url, version, body).ok(method, url);
    }

    /**
     * True when deleted, false when it was already gone: 404, or 400 with UEM's
     * {@code "Profile not found or User does not have access to the Profile."} (profiles_delete_not_found.json).
     */
    boolean delete(HttpUrl url, int version) {
        Answer answer = call("DELETE", url, version, null);
        if (answer.status() == 404 || answer.messageStarts(400, "Profile not found")) {
            return false;
        }
        answer.ok("DELETE", url);
        return true;
    }

    /** One answer: its status, body text and (for errors) the parsed vendor error. */
    private record Answer(int status, String text, VendorError error) {
        String ok(String method, HttpUrl url) {
            if (error != null) {
                throw error;
            }
            return text;
        }

        boolean messageStarts(int code, String prefix) {
            return status == code && error != null && error.getMessage().contains(": " + prefix);
        }
    }

    private Answer call(String method, HttpUrl url, int version, JsonNode body) {
        RequestBody requestBody = null;
        if (body != null) {
            try {
                requestBody = RequestBody.create(mapper.writeValueAsBytes(body), JSON);
            } catch (IOException e) {
                throw new IllegalStateException("cannot serialise a Workspace ONE request body", e);
            }
        }
        Request request = new Request.Builder().url(url).header("Accept", "application/json;version=" + version)
                .method(method, requestBody).build();
        try (Response response = http.newCall(request).execute()) {
            ResponseBody responseBody = response.body();
            String text = responseBody == null ? "" : responseBody.string();
            if (response.isSuccessful()) {
                return new Answer(response.code(), text, null);
            }
            return new Answer(response.code(), text, errors.fromApi(method, response, text));
        } catch (IOException e) {
            throw WorkspaceOneErrors.noAnswer(method, url.encodedPath(), e);
        }
    }

    /** The parse error is not quoted: it can echo body text. */
    private JsonNode parse(String body, String method, HttpUrl url) {
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            throw new VendorError(WorkspaceOneErrors.VENDOR, 200, null, null,
                    method + " " + url.encodedPath() + ": answer is not JSON");
        }
    }
}
