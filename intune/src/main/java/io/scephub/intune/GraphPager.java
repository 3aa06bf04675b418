package io.scephub.intune;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.core.error.VendorError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Reads a paged Graph list, following {@code @odata.nextLink}, one page ahead. Each page's body is parsed as it arrives
 * with Jackson's streaming parser, and the next page is asked for as soon as the page being read names it: Graph writes
 * {@code @odata.nextLink} before {@code value} (Microsoft's paging example), so the next page is on its way while this
 * one's items are parsed and handed on, instead of after them. A page that names its next link only after its items is
 * followed when it ends, as before. At most one page is asked for ahead, on a thread of the read's own.
 */
final class GraphPager {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NEXT_LINK = "@odata.nextLink";

    /** A GET of one page through the connector's client, its body read (and closed) by the caller as it arrives. */
    interface Pages {
        InputStream open(String url, String action);
    }

    private final Pages pages;

    GraphPager(Pages pages) {
        this.pages = pages;
    }

    /** Each item of every page, from {@code firstUrl} on, to {@code sink}, in Graph's order; failures as {@link VendorError}. */
    void each(String firstUrl, String action, Consumer<JsonNode> sink) {
        ExecutorService ahead = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "graph-next-page");
            thread.setDaemon(true);
            return thread;
        });
        Future<InputStream> next = null;
        try {
            InputStream body = pages.open(firstUrl, action);
            while (body != null) {
                String link = null;
                try (InputStream in = body; JsonParser parser = JSON.createParser(in)) {
                    JsonToken start = parser.nextToken();
                    if (start != null && start != JsonToken.START_OBJECT) {
                        throw unreadable(action, "a page is not a JSON object");
                    }
                    while (start != null && parser.nextToken() == JsonToken.FIELD_NAME) {
                        String field = parser.getCurrentName();
                        JsonToken value = parser.nextToken();
                        if (NEXT_LINK.equals(field)) {
                            link = nextLink(parser, value, action);
                            if (link != null && next == null) {
                                next = ahead.submit(opening(link, action));
                            }
                        } else if ("value".equals(field)) {
                            items(parser, value, action, sink);
                        } else {
                            parser.skipChildren();
                        }
                    }
                } catch (IOException e) {
                    throw unreadable(action, e.getMessage(), e);
                }
                // A link is asked for where the page names it, before its items or after them.
                body = next == null ? null : take(next, action);
                next = null;
            }
        } finally {
            if (next != null) {
                // Asked for ahead but not read (a failure on this page): its connection goes back once it answered.
                Future<InputStream> left = next;
                ahead.execute(() -> close(left));
            }
            ahead.shutdown();
        }
    }

    private java.util.concurrent.Callable<InputStream> opening(String link, String action) {
        return () -> pages.open(link, action + " (next page)");
    }

    private static String nextLink(JsonParser parser, JsonToken value, String action) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw unreadable(action, NEXT_LINK + " is not a string");
        }
        String link = parser.getText();
        return link.isBlank() ? null : link;
    }

    private static void items(JsonParser parser, JsonToken value, String action, Consumer<JsonNode> sink) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        if (value != JsonToken.START_ARRAY) {
            throw unreadable(action, "value is not an array");
        }
        // One tree of the page's items, not one per item: Jackson's set-up per tree read costs more than the page's array.
        JsonNode items = JSON.readTree(parser);
        items.forEach(sink);
    }

    private static InputStream take(Future<InputStream> next, String action) {
        try {
            return next.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw GraphErrors.toVendorError(action + " (next page)", r);
            }
            throw GraphErrors.toVendorError(action + " (next page)", new IllegalStateException(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VendorError("intune", 0, null, null, action + " (next page) failed: interrupted", e);
        }
    }

    private static void close(Future<InputStream> left) {
        try {
            left.get().close();
        } catch (IOException | ExecutionException | RuntimeException e) {
            // Nothing to give back: the request failed, or its body is gone already.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static VendorError unreadable(String action, String why) {
        return unreadable(action, why, null);
    }

    private static VendorError unreadable(String action, String why, IOException cause) {
        return GraphErrors.toVendorError(action, new UncheckedIOException("unreadable JSON from Graph: " + why,
                cause == null ? new IOException("unreadable JSON from Graph: " + why) : cause));
    }
}
