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
 * (UEM's answer to an empty search) as "nothing", and page-number paging by {@code Page}/{@code Total}.
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

    /** The JSON at {@code url}, or empty on 404 or 204. */
    Optional<JsonNode> get(HttpUrl url, int version) {
        return call("GET", url, version, null).map(body -> parse(body, "GET", url));
    }

    /** Every element of {@code member} across all pages; {@code page} builds the URL of page n (0-based). */
    List<JsonNode> list(IntFunction<HttpUrl> page, String member, int version) {
        List<JsonNode> all = new ArrayList<>();
        for (int n = 0; ; n++) {
            Optional<JsonNode> answer = get(page.apply(n), version);
            if (answer.isEmpty()) {
                return all;
            }
            JsonNode items = answer.get().path(member);
            items.forEach(all::add);
            long total = answer.get().path("Total").asLong(all.size());
            if (items.isEmpty() || all.size() >= total) {
                return all;
            }
        }
    }

    /** Sends {@code body} and returns the answer's text. */
    String send(String method, HttpUrl url, int version, JsonNode body) {
        return call(method, url, version, body).orElseThrow(() -> new VendorError(WorkspaceOneErrors.VENDOR, 404, null, null,
                method + " " + url.encodedPath() + ": not found"));
    }

    /** True when deleted, false when it was already gone. */
    boolean delete(HttpUrl url, int version) {
        return call("DELETE", url, version, null).isPresent();
    }

    private Optional<String> call(String method, HttpUrl url, int version, JsonNode body) {
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
            if (response.code() == 404 || (response.code() == 204 && !method.equals("DELETE"))) {
                return Optional.empty();
            }
            if (!response.isSuccessful()) {
                throw errors.fromApi(method, response, text);
            }
            return Optional.of(text);
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
