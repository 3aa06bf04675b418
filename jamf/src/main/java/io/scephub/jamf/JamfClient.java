package io.scephub.jamf;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import com.fasterxml.jackson.dataformat.xml.deser.FromXmlParser;
import io.scephub.core.error.VendorError;
import io.scephub.core.text.OffsetInstants;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** Jamf Pro over HTTP: Classic XML documents and Jamf Pro API JSON, errors as VendorError, 404 as absent. */
final class JamfClient {
    private static final MediaType XML = MediaType.get("application/xml; charset=utf-8");
    /** Computers per page of the Jamf Pro API's inventory listings: 100, the documented default page size. */
    static final int INVENTORY_PAGE_SIZE = 100;

    /**
     * One mapper of each kind for every client: a mapper builds its (de)serializers once and caches them, so a
     * mapper per tenant would build them again for each of a hundred tenants. Configured here, never changed: thread-safe.
     */
    private static final XmlMapper XML_MAPPER = XmlMapper.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT, true)
            .configure(FromXmlParser.Feature.EMPTY_ELEMENT_AS_NULL, false)
            .build();
    private static final ObjectMapper JSON_MAPPER = new ObjectMapper();

    private final OkHttpClient http;
    private final JamfPaths paths;
    private final XmlMapper xml = XML_MAPPER;
    private final ObjectMapper json = JSON_MAPPER;

    JamfClient(OkHttpClient http, JamfPaths paths) {
        this.http = http;
        this.paths = paths;
    }

    JamfPaths paths() {
        return paths;
    }

    List<JamfXml.Ref> listProfiles() {
        return get(paths.profiles(), JamfXml.ProfileList.class).map(l -> l.profiles).orElse(List.of());
    }

    Optional<JamfXml.Profile> profile(long id) {
        return get(paths.profile(Long.toString(id)), JamfXml.Profile.class);
    }

    /** Creates a profile and returns its new id. */
    long createProfile(JamfXml.Profile profile) {
        return write("POST", paths.newProfile(), profile);
    }

    void updateProfile(long id, JamfXml.Profile profile) {
        write("PUT", paths.profile(Long.toString(id)), profile);
    }

    /** True when deleted, false when it was already gone. */
    boolean deleteProfile(long id) {
        return call("DELETE", paths.profile(Long.toString(id)), null).isPresent();
    }

    List<JamfXml.Ref> listWebhooks() {
        return get(paths.webhooks(), JamfXml.WebhookList.class).map(l -> l.webhooks).orElse(List.of());
    }

    Optional<JamfXml.Webhook> webhook(long id) {
        return get(paths.webhook(Long.toString(id)), JamfXml.Webhook.class);
    }

    /** Creates a webhook (Classic id 0) and returns its new id. */
    long createWebhook(JamfXml.Webhook webhook) {
        return writeXml("POST", paths.webhook("0"), webhook);
    }

    void updateWebhook(long id, JamfXml.Webhook webhook) {
        writeXml("PUT", paths.webhook(Long.toString(id)), webhook);
    }

    boolean deleteWebhook(long id) {
        return call("DELETE", paths.webhook(Long.toString(id)), null).isPresent();
    }

    List<JamfXml.Ref> listGroups() {
        return get(paths.computerGroups(), JamfXml.GroupList.class).map(l -> l.groups).orElse(List.of());
    }

    /** Creates a computer group (Classic id 0) and returns its new id. */
    long createGroup(JamfXml.GroupWrite group) {
        return writeXml("POST", paths.computerGroup(0L), group);
    }

    void updateGroup(long id, JamfXml.GroupWrite group) {
        writeXml("PUT", paths.computerGroup(id), group);
    }

    /** Deletes a computer group ({@code DELETE /JSSResource/computergroups/id/{id}}); false when it was already gone. */
    boolean deleteGroup(long id) {
        return call("DELETE", paths.computerGroup(id), null).isPresent();
    }

    /** One computer group with its members, empty when it is gone. */
    Optional<JamfXml.GroupDetail> group(long id) {
        return get(paths.computerGroup(id), JamfXml.GroupDetail.class);
    }

    /**
     * Every computer of a paged Jamf Pro API inventory listing ({@code page} gives the URL of page n of
     * {@link #INVENTORY_PAGE_SIZE}), page by page until a page is short or {@code totalCount} is reached.
     */
    void eachComputer(java.util.function.BiFunction<Integer, Integer, HttpUrl> page, java.util.function.Consumer<JsonNode> computer) {
        // Pages after the first are read a few at a time, in order (JamfInventory).
        new JamfInventory(this).forEachComputer(n -> page.apply(n, INVENTORY_PAGE_SIZE), computer);
    }

    /** A Jamf Pro API timestamp (ISO 8601 with an offset); empty when absent or not readable. */
    static Optional<java.time.Instant> timestamp(String value) {
        return OffsetInstants.read(value);
    }

    Optional<JsonNode> json(HttpUrl url) {
        // The bytes, not a decoded copy: Jackson reads UTF-8 itself, and an inventory page is 100 computers with their
        // profiles and certificates, 1,000 pages for 100,000 computers.
        return call("GET", url, null, ResponseBody::bytes).map(answer -> {
            try {
                return json.readTree(answer.body());
            } catch (IOException e) {
                throw new VendorError(JamfErrors.VENDOR, answer.status(), null, null, "GET " + url.encodedPath() + ": answer is not JSON");
            }
        });
    }

    private <T> Optional<T> get(HttpUrl url, Class<T> type) {
        return call("GET", url, null).map(answer -> read(answer, type, "GET", url));
    }

    private long write(String method, HttpUrl url, JamfXml.Profile profile) {
        return writeXml(method, url, profile);
    }

    /** Sends one Classic document and returns the id Jamf answers with ({@code <…><id>n</id></…>}). */
    private long writeXml(String method, HttpUrl url, Object document) {
        byte[] body;
        try {
            body = xml.writeValueAsBytes(document);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the Jamf " + document.getClass().getSimpleName() + " XML", e);
        }
        Answer<String> answer = call(method, url, RequestBody.create(body, XML))
                .orElseThrow(() -> JamfErrors.fromResponse(method, url.encodedPath(), 404, "<p>Error: not found</p>"));
        Long writtenId = read(answer, IdOnly.class, method, url).id;
        if (writtenId == null) {
            // The status Jamf (or a proxy in front of it) really sent: a 200 with an HTML page is not Jamf's 201 without an id.
            throw new VendorError(JamfErrors.VENDOR, answer.status(), null, null, method + " " + url.encodedPath()
                    + ": the answer has no <id>" + (looksLikeHtml(answer.body()) ? " (it is an HTML page, not Jamf's XML)" : ""));
        }
        return writtenId;
    }

    /** Any Classic write answer: only its {@code <id>} matters. */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    static final class IdOnly {
        public Long id;
    }

    /** A successful answer: its status and body. */
    private record Answer<B>(int status, B body) {
    }

    /** How a successful answer's body is read: as text (Classic XML) or as bytes (JSON, which Jackson decodes itself). */
    @FunctionalInterface
    private interface BodyReader<B> {
        B read(ResponseBody body) throws IOException;
    }

    private static boolean looksLikeHtml(String body) {
        String start = body.stripLeading().toLowerCase(java.util.Locale.ROOT);
        return start.startsWith("<!doctype html") || start.startsWith("<html");
    }

    private Optional<Answer<String>> call(String method, HttpUrl url, RequestBody body) {
        return call(method, url, body, ResponseBody::string);
    }

    private <B> Optional<Answer<B>> call(String method, HttpUrl url, RequestBody body, BodyReader<B> reader) {
        Request request = new Request.Builder().url(url).method(method, body)
                .header("Accept", JamfPaths.isClassic(url.encodedPath()) ? "application/xml" : "application/json").build();
        try (Response response = http.newCall(request).execute()) {
            ResponseBody content = response.body() == null ? ResponseBody.create(new byte[0], null) : response.body();
            if (response.code() == 404) {
                content.string();
                return Optional.empty();
            }
            if (!response.isSuccessful()) {
                throw JamfErrors.fromResponse(method, url.encodedPath(), response.code(), content.string());
            }
            return Optional.of(new Answer<>(response.code(), reader.read(content)));
        } catch (IOException e) {
            throw new VendorError(JamfErrors.VENDOR, 0, null, null, method + " " + url.encodedPath() + ": "
                    + io.scephub.core.http.NoAnswer.describe(e, false), e);
        }
    }

    /** The parse error is not quoted: payloads may hold the challenge password. */
    private <T> T read(Answer<String> answer, Class<T> type, String method, HttpUrl url) {
        try {
            return xml.readValue(answer.body(), type);
        } catch (IOException e) {
            throw new VendorError(JamfErrors.VENDOR, answer.status(), null, null, method + " " + url.encodedPath()
                    + ": answer is not the expected " + type.getSimpleName() + " XML");
        }
    }
}
