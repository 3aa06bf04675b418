package io.scephub.intune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.scephub.core.error.VendorError;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Graph lists read item by item, one page ahead: every item once, in order, and every page's body given back. */
class GraphPagerTest {
    /** What happened, in order: "open URL", "item ID", "close URL". */
    final List<String> log = new CopyOnWriteArrayList<>();

    private GraphPager.Pages pages(Map<String, String> bodies) {
        return (url, action) -> {
            log.add("open " + url);
            String body = bodies.get(url);
            if (body == null) {
                throw new VendorError("intune", 503, null, null, action + " failed: canary-5521 unavailable");
            }
            return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)) {
                @Override
                public void close() {
                    log.add("close " + url);
                }
            };
        };
    }

    private List<String> items(GraphPager pager, String first) {
        List<String> ids = new ArrayList<>();
        pager.each(first, "read things", (JsonNode item) -> {
            ids.add(item.path("id").asText());
            log.add("item " + item.path("id").asText());
        });
        return ids;
    }

    @Test
    void everyItemOfEveryPageOnceInOrderAndTheNextPageAskedForBeforeThisOnesItems() {
        GraphPager pager = new GraphPager(pages(Map.of(
                "p1", "{\"@odata.context\":\"x\",\"@odata.nextLink\":\"p2\",\"value\":[{\"id\":\"a\"},{\"id\":\"b\",\"nested\":{\"k\":[1,2]}}]}",
                "p2", "{\"@odata.nextLink\":\"p3\",\"value\":[{\"id\":\"c\"}]}",
                "p3", "{\"value\":[{\"id\":\"d\"}],\"@odata.count\":4}")));
        // p2 is asked for as soon as p1 names it, while p1's items are still being handed on: the sink waits for it
        // (a pager that asked only after the page would make it wait in vain).
        List<String> ids = new ArrayList<>();
        pager.each("p1", "read things", item -> {
            String id = item.path("id").asText();
            ids.add(id);
            if (id.equals("a")) {
                awaitLogged("open p2");
            } else if (id.equals("c")) {
                awaitLogged("open p3");
            }
            log.add("item " + id);
        });
        assertThat(ids).containsExactly("a", "b", "c", "d");
        assertThat(log.indexOf("open p2")).isLessThan(log.indexOf("item a"));
        assertThat(log.indexOf("open p3")).isLessThan(log.indexOf("item c"));
        assertThat(log).contains("close p1", "close p2", "close p3");
    }

    private void awaitLogged(String entry) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!log.contains(entry) && System.nanoTime() < until) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Test
    void aNextLinkAfterTheItemsIsFollowedWhenThePageEnds() {
        GraphPager pager = new GraphPager(pages(Map.of(
                "p1", "{\"value\":[{\"id\":\"a\"}],\"@odata.nextLink\":\"p2\"}",
                "p2", "{\"value\":[{\"id\":\"b\"}],\"@odata.nextLink\":null}")));
        assertThat(items(pager, "p1")).containsExactly("a", "b");
        assertThat(log.indexOf("open p2")).isGreaterThan(log.indexOf("item a"));
        assertThat(log.stream().filter(l -> l.startsWith("open"))).containsExactly("open p1", "open p2");
    }

    @Test
    void anEmptyBodyIsAnEmptyPage() {
        GraphPager pager = new GraphPager(pages(Map.of("p1", "")));
        assertThat(items(pager, "p1")).isEmpty();
    }

    @Test
    void aNextPageThatFailsFailsTheReadAfterThisPagesItems() {
        GraphPager pager = new GraphPager(pages(Map.of("p1", "{\"@odata.nextLink\":\"gone\",\"value\":[{\"id\":\"a\"}]}")));
        List<String> ids = new ArrayList<>();
        assertThatThrownBy(() -> pager.each("p1", "read things", item -> ids.add(item.path("id").asText())))
                .isInstanceOf(VendorError.class).hasMessageContaining("read things (next page) failed: canary-5521 unavailable")
                .satisfies(e -> assertThat(((VendorError) e).status()).isEqualTo(503));
        assertThat(ids).containsExactly("a");
    }

    @Test
    void aPageThatIsNotGraphsShapeIsAnErrorNamingTheRead() {
        for (String body : List.of("[1,2]", "{\"value\":{\"id\":\"a\"}}", "{\"@odata.nextLink\":7,\"value\":[]}", "{\"value\":[{\"id\":")) {
            GraphPager pager = new GraphPager(pages(Map.of("p1", body)));
            assertThatThrownBy(() -> items(pager, "p1")).as(body).isInstanceOf(VendorError.class)
                    .hasMessageStartingWith("intune: read things failed: ");
        }
    }

    @Test
    void aSinkThatFailsStopsTheReadAndThePageAskedForAheadIsGivenBack() throws Exception {
        GraphPager pager = new GraphPager(pages(Map.of(
                "p1", "{\"@odata.nextLink\":\"p2\",\"value\":[{\"id\":\"a\"}]}",
                "p2", "{\"value\":[{\"id\":\"b\"}]}")));
        assertThatThrownBy(() -> pager.each("p1", "read things", item -> {
            throw new IllegalStateException("sink canary-9034");
        })).isInstanceOf(IllegalStateException.class).hasMessage("sink canary-9034");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!log.contains("close p2") && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(log).contains("close p1", "close p2");
    }
}
