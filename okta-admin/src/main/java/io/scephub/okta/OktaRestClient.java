package io.scephub.okta;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.core.error.VendorError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON over Okta's admin API: one call per method, error bodies mapped to VendorError, 404 as
 * "absent", and list paging by following {@code Link: <…>; rel="next"} (the cursor is opaque).
 */
final class OktaRestClient {
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]+)*)");
    private static final Logger LOG = LoggerFactory.getLogger(OktaRestClient.class);
    private static final Pattern REL_NEXT = Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";]*)\"?");

    private final OkHttpClient http;
    private final ObjectMapper mapper;
    private final OktaErrors errors;
    private final HttpUrl orgUrl;

    OktaRestClient(OkHttpClient http, ObjectMapper mapper, HttpUrl orgUrl) {
        this.http = http;
        this.mapper = mapper;
        this.errors = new OktaErrors(mapper);
        this.orgUrl = orgUrl;
    }

    /** The object at {@code url}, or empty on 404. */
    <T> Optional<T> get(HttpUrl url, Class<T> type) {
        return call("GET", url, null, true).map(body -> read(body, mapper.constructType(type), "GET", url));
    }

    /** Text (e.g. a PEM chain) at {@code url}, or empty on 404. */
    Optional<String> getText(HttpUrl url) {
        return call("GET", url, null, true);
    }

    /** Every element of every page, starting at {@code first}. */
    <T> List<T> list(HttpUrl first, Class<T> elementType) {
        JavaType listType = mapper.getTypeFactory().constructCollectionType(List.class, elementType);
        List<T> all = new ArrayList<>();
        HttpUrl next = first;
        while (next != null) {
            Request request = request(next).get().build();
            try (Response response = http.newCall(request).execute()) {
                String body = bodyOf(response);
                logCall("GET", response);
                if (!response.isSuccessful()) {
                    throw errors.fromApi("GET", response, body);
                }
                List<T> page = read(body, listType, "GET", next);
                all.addAll(page);
                next = nextLink(response).orElse(null);
            } catch (IOException e) {
                throw OktaErrors.noAnswer("GET", next.encodedPath(), e);
            }
        }
        return all;
    }

    <T> T send(String method, HttpUrl url, Object body, Class<T> type) {
        String answer = call(method, url, body, false).orElseThrow();
        return read(answer, mapper.constructType(type), method, url);
    }

    /** True when deleted, false when it was already gone (404). */
    boolean delete(HttpUrl url) {
        return call("DELETE", url, null, true).isPresent();
    }

    private Optional<String> call(String method, HttpUrl url, Object body, boolean notFoundIsEmpty) {
        RequestBody requestBody = null;
        if (body != null) {
            try {
                requestBody = RequestBody.create(mapper.writeValueAsBytes(body), JSON);
            } catch (IOException e) {
                throw new IllegalStateException("cannot serialise " + body.getClass().getSimpleName(), e);
            }
        } else if (!method.equals("GET") && !method.equals("DELETE")) {
            requestBody = RequestBody.create(new byte[0], JSON);
        }
        Request request = request(url).method(method, requestBody).build();
        try (Response response = http.newCall(request).execute()) {
            String text = bodyOf(response);
            logCall(method, response);
            if (response.code() == 404 && notFoundIsEmpty) {
                return Optional.empty();
            }
            if (!response.isSuccessful()) {
                throw errors.fromApi(method, response, text);
            }
            return Optional.of(text);
        } catch (IOException e) {
            throw OktaErrors.noAnswer(method, url.encodedPath(), e);
        }
    }

    /** Okta's own view of the call: its request id and how much of the rate-limit window is left. */
    private static void logCall(String method, Response response) {
        LOG.debug("okta call method={} path={} status={} requestId={} rateLimitRemaining={} rateLimitReset={}", method,
                response.request().url().encodedPath(), response.code(), response.header(OktaErrors.REQUEST_ID_HEADER),
                response.header("X-Rate-Limit-Remaining"), response.header(OktaRetryAfter.RATE_LIMIT_RESET));
    }

    private static Request.Builder request(HttpUrl url) {
        return new Request.Builder().url(url).header("Accept", "application/json");
    }

    private static String bodyOf(Response response) throws IOException {
        ResponseBody body = response.body();
        return body == null ? "" : body.string();
    }

    /** The parse error is not quoted: it can echo body text, and bodies may hold secrets. */
    private <T> T read(String body, JavaType type, String method, HttpUrl url) {
        try {
            return mapper.readValue(body, type);
        } catch (IOException e) {
            throw new VendorError(OktaErrors.VENDOR, 200, null, null,
                    method + " " + url.encodedPath() + ": answer is not the expected " + type.getRawClass().getSimpleName()
                            + " JSON");
        }
    }

    /**
     * The {@code rel="next"} target among the Link headers. It must point at the configured org:
     * the auth interceptor adds credentials to every request, so a foreign link is refused.
     */
    private Optional<HttpUrl> nextLink(Response response) {
        for (String header : response.headers("Link")) {
            Matcher link = LINK.matcher(header);
            while (link.find()) {
                Matcher rel = REL_NEXT.matcher(link.group(2));
                while (rel.find()) {
                    if (List.of(rel.group(1).trim().split("\\s+")).contains("next")) {
                        return Optional.of(sameOrigin(link.group(1), response));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private HttpUrl sameOrigin(String target, Response response) {
        HttpUrl next = response.request().url().resolve(target);
        if (next == null || !next.scheme().equals(orgUrl.scheme()) || !next.host().equals(orgUrl.host())
                || next.port() != orgUrl.port()) {
            throw new VendorError(OktaErrors.VENDOR, response.code(), null, response.header(OktaErrors.REQUEST_ID_HEADER),
                    "GET " + response.request().url().encodedPath() + ": the next-page link does not point at "
                            + orgUrl.scheme() + "://" + orgUrl.host() + " and is not followed");
        }
        return next;
    }
}
