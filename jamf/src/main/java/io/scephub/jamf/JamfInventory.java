package io.scephub.jamf;

import com.fasterxml.jackson.databind.JsonNode;
import io.scephub.core.devices.OrderedReads;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import okhttp3.HttpUrl;

/**
 * Every computer of a Jamf Pro API inventory listing ({@code page}/{@code page-size}, {@code totalCount}), in listing
 * order, page by page as they arrive. The first page gives the count; the rest are read {@value #PARALLEL_PAGES} at a
 * time, because page numbers allow it and one request at a time leaves the server idle while scephub handles a page.
 */
final class JamfInventory {
    /** Jamf Pro API pages: {@link JamfClient#INVENTORY_PAGE_SIZE}. */
    static final int PAGE_SIZE = JamfClient.INVENTORY_PAGE_SIZE;
    /**
     * Pages read at once: Jamf recommends at most 5 concurrent connections ("Jamf Pro API Scalability Best Practices");
     * 3, so that an apply running beside it ({@link JamfConnector#maxParallelism()}, 2) still stays within 5.
     */
    static final int PARALLEL_PAGES = 3;
    private static final long UNKNOWN = Long.MAX_VALUE;

    private final JamfClient client;

    JamfInventory(JamfClient client) {
        this.client = client;
    }

    /** Hands every computer the listing at {@code page} (page number to URL) has to {@code sink}, in order. */
    void forEachComputer(IntFunction<HttpUrl> page, Consumer<JsonNode> sink) {
        Page first = read(page, 0);
        first.results().forEach(sink);
        long[] seen = {first.results().size()};
        if (first.last(seen[0])) {
            return;
        }
        int next = 1;
        if (first.total() != UNKNOWN) {
            long pages = (first.total() + PAGE_SIZE - 1) / PAGE_SIZE;
            Page[] latest = {first};
            try (OrderedReads<Integer, Page> reads = new OrderedReads<>(PARALLEL_PAGES, 2 * PARALLEL_PAGES, "jamf-inventory",
                    n -> read(page, n), p -> {
                        p.results().forEach(sink);
                        seen[0] += p.results().size();
                        latest[0] = p;
                    })) {
                for (; next < pages; next++) {
                    reads.submit(next);
                }
                reads.finish();
            }
            if (latest[0].last(seen[0])) {
                return;
            }
        }
        // No total to plan by, or the inventory grew while it was read: one page at a time until a short page.
        for (; ; next++) {
            Page p = read(page, next);
            p.results().forEach(sink);
            seen[0] += p.results().size();
            if (p.last(seen[0])) {
                return;
            }
        }
    }

    /** One page: its computers, and the listing's total as that page reported it ({@link #UNKNOWN} when it did not). */
    private record Page(JsonNode results, long total) {
        /** Whether nothing follows this page, {@code seen} computers having been listed so far. */
        boolean last(long seen) {
            return results.size() < PAGE_SIZE || seen >= total;
        }
    }

    private Page read(IntFunction<HttpUrl> page, int n) {
        JsonNode body = client.json(page.apply(n)).orElse(null);
        JsonNode results = body == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : body.path("results");
        return new Page(results, body == null ? 0 : body.path("totalCount").asLong(UNKNOWN));
    }
}
