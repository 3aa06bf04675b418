package io.scephub.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scephub.sandbox.Vendor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The harness's own arithmetic and bookkeeping; the benchmark itself runs only with -Pscale-bench. */
class BenchHarnessTest {

    @Test
    void floorIsTheSlowestEnforcedLimitAndIgnoresLimitsThatAreOff() {
        RateLimitFloor floor = new RateLimitFloor()
                .addSliding("Graph writes", 2_000, 100, 20)      // the 2,000th write may go after 19 windows: 380 s
                .addSliding("Graph requests", 9_000, 1_000, 20)  // 160 s
                .addFixed("Okta requests", 50_000, 0, 60, 0);    // off
        assertThat(floor.seconds()).isEqualTo(380.0);
        assertThat(floor.binding()).isEqualTo("Graph writes 2000 / 100 per 20 s");
        assertThat(new RateLimitFloor().seconds()).isZero();
    }

    @Test
    void calendarMinuteFloorCountsFromTheStartSecondNotWholeMinutes() {
        double startAt37 = 1_800_000_000 - 1_800_000_000 % 60 + 37;
        // 203 requests at 100 a minute: 100 until :00, 100 in the next minute, the last 3 when the one after begins.
        RateLimitFloor floor = new RateLimitFloor().addFixed("Okta CAs", 203, 100, 60, startAt37);
        assertThat(floor.seconds()).isEqualTo(23.0 + 60.0);
        assertThat(floor.binding()).isEqualTo("Okta CAs 203 / 100 per calendar minute from :37");
        assertThat(new RateLimitFloor().addFixed("Okta CAs", 100, 100, 60, startAt37).seconds()).as("one window").isZero();
        assertThat(new RateLimitFloor().addFixed("Okta CAs", 101, 100, 60, startAt37).seconds()).isEqualTo(23.0);
        assertThat(new RateLimitFloor().addSliding("Graph writes", 401, 100, 20).seconds()).isEqualTo(80.0);
    }

    @Test
    void roundsArePooledByTheirTimeNotAveragedAsRatios() {
        VerifyBench.Ledger exact = new VerifyBench.Ledger(1_200, 1_200, 1_200, 1_200, true, 10, 10);
        // The machine slowed down between the paths of each round: per round 0.50x and 2.00x (their mean 1.25x), pooled 1.00x.
        List<VerifyBench.Measurement> ms = List.of(
                measurement("in-process", 1.0, 40_000, exact, 1), measurement("REST (serve)", 2.0, 90_000, exact, 1),
                measurement("REST (serve)", 1.0, 60_000, exact, 2), measurement("in-process", 2.0, 50_000, exact, 2));
        String section = Report.section(BenchOptions.parse("--runs", "rest", "--rounds", "2", "--verifications", "2000"),
                new Machine(2, "cpu", "jdk", 512L << 20, "G1", "Linux", 1.0), java.time.Instant.EPOCH, 1.0, List.of(), ms);
        assertThat(section).contains("| h2 | REST (serve), round 1 | 1,000 |").contains("| 0.50x |").contains("| 2.00x |")
                .contains("REST on h2: 1.00x of in-process (target ≥ 0.90), p99 90.00 ms (target < 100 ms) (2 rounds pooled): **met**");
        List<VerifyBench.Measurement> lost = List.of(measurement("in-process", 1.0, 40_000, exact, 1),
                measurement("REST (serve)", 1.0, 40_000, new VerifyBench.Ledger(1_200, 1_199, 1_199, 1_200, true, 10, 10), 1));
        assertThat(Report.section(BenchOptions.parse("--runs", "rest"), new Machine(2, "cpu", "jdk", 512L << 20, "G1", "Linux", 1.0),
                java.time.Instant.EPOCH, 1.0, List.of(), lost)).contains("REST on h2: 1.00x").contains("**missed** (a decision was lost");
    }

    private static VerifyBench.Measurement measurement(String path, double seconds, long p99Micros, VerifyBench.Ledger ledger, int round) {
        return new VerifyBench.Measurement("h2", path, 1_000, 32, seconds, 20_000, p99Micros, 0, "", 1.0, 0.0, ledger, "", round);
    }

    @Test
    void reportReplacesOnlyTheGeneratedSection() {
        String doc = "# Benchmarks\n\nhand-written\n\n" + Report.BEGIN + "\nold numbers\n" + Report.END + "\n\nafter\n";
        String updated = Report.update(doc, Report.BEGIN + "\nnew numbers\n" + Report.END);
        assertThat(updated).isEqualTo("# Benchmarks\n\nhand-written\n\n" + Report.BEGIN + "\nnew numbers\n" + Report.END + "\n\nafter\n");
        assertThat(Report.update("# Benchmarks\n", "S")).isEqualTo("# Benchmarks\n\nS\n");
    }

    @Test
    void devicesReportReplacesOnlyItsOwnSectionAndLeavesTheApplySection() {
        String doc = "# B\n" + Report.BEGIN + "\napply\n" + Report.END + "\n" + DevicesReport.BEGIN + "\nold\n" + DevicesReport.END + "\ntail\n";
        String updated = DevicesReport.update(doc, DevicesReport.BEGIN + "\nnew\n" + DevicesReport.END);
        assertThat(updated).contains("apply").contains("new").doesNotContain("old").endsWith("tail\n");
    }

    @Test
    void peakHeapIsReadFromTheGcLogOfTheMeasuredJvm(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path log = dir.resolve("gc.log");
        java.nio.file.Files.writeString(log, """
                [0.010s][info][gc] Using G1
                [1.234s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(512M) 3.456ms
                [2.345s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 300M->41M(512M) 9.000ms
                [3.000s][info][gc] GC(2) Pause Full (System.gc()) 2048K->1024K(8M) 1.0ms
                """);
        assertThat(DevicesBench.peakHeap(log)).containsExactly(300L << 20, 41L << 20, 512L << 20, 3L);
    }

    @Test
    void enrollmentsAreSpreadRoundRobinOverTheFourKinds() {
        assertThat(EnrollmentFleet.counts(1_000)).containsOnly(Map.entry(EnrollmentFleet.Kind.WINDOWS_INTUNE, 250),
                Map.entry(EnrollmentFleet.Kind.MACOS_INTUNE, 250), Map.entry(EnrollmentFleet.Kind.MACOS_JAMF, 250),
                Map.entry(EnrollmentFleet.Kind.WINDOWS_WS1, 250));
        assertThat(EnrollmentFleet.counts(6).get(EnrollmentFleet.Kind.MACOS_INTUNE)).isEqualTo(2);
        assertThat(EnrollmentFleet.counts(6).get(EnrollmentFleet.Kind.MACOS_JAMF)).isEqualTo(1);
    }

    @Test
    void appliedResourcesCountsAppliedAndAdoptedOutcomesPerVendor() {
        String json = """
                {"succeeded":true,"outcomes":[
                  {"key":"okta.scep-configuration/a","action":"create","status":"applied"},
                  {"key":"intune.scep-profile/a","action":"create","status":"adopted"},
                  {"key":"intune.assignment/a","action":"create","status":"failed"},
                  {"key":"jamf.configuration-profile/b","action":"create","status":"applied"}]}""";
        assertThat(ApplyBench.appliedResources("Plan: 4 to create\n" + json))
                .containsOnly(Map.entry(Vendor.OKTA, 1L), Map.entry(Vendor.GRAPH, 1L), Map.entry(Vendor.JAMF, 1L));
    }

    @Test
    void optionsParsePresetsAndRejectUnknownValues() {
        BenchOptions full = BenchOptions.parse("full", "--stores", "postgres");
        assertThat(full.enrollments()).containsExactly(50, 200, 1_000);
        assertThat(full.verifications()).isEqualTo(100_000);
        assertThat(full.stores()).containsExactly("postgres");
        assertThat(BenchOptions.parse("--enrollments", "1_000").enrollments()).isEqualTo(List.of(1_000));
        assertThatThrownBy(() -> BenchOptions.parse("--stores", "mysql")).hasMessageContaining("\"mysql\" is not one of h2, postgres");
        assertThatThrownBy(() -> BenchOptions.parse("--enrollments", "ten")).hasMessageContaining("\"ten\" is not a whole number");
        assertThat(full.httpClient()).isEqualTo("socket");
        assertThat(full.warmupCount()).isEqualTo(5_000);
        assertThat(BenchOptions.parse("--verifications", "1000").warmupCount()).isEqualTo(200);
        assertThat(BenchOptions.parse("--warmup", "7", "--http-client", "jdk").warmupCount()).isEqualTo(7);
        assertThatThrownBy(() -> BenchOptions.parse("--http-client", "curl")).hasMessageContaining("\"curl\" is not one of socket, jdk");
        assertThat(BenchOptions.parse("--runs", "rest,http-floor").runs()).containsExactlyInAnyOrder("rest", "http-floor");
        assertThat(BenchOptions.parse("--rounds", "4").rounds()).isEqualTo(4);
        assertThatThrownBy(() -> BenchOptions.parse("--rounds", "0")).hasMessageContaining("--rounds must be 1 to 20");
        assertThatThrownBy(() -> BenchOptions.parse("--runs", "floor")).hasMessageContaining("\"floor\" is not one of apply, rest, http-floor");
    }

    @Test
    void aLedgerIsExactOnlyWhenEveryDecisionIsRecordedOnceAndEveryReplayRefused() {
        assertThat(new VerifyBench.Ledger(10, 10, 10, 10, true, 5, 5).exact()).isTrue();
        assertThat(new VerifyBench.Ledger(10, 9, 9, 10, true, 5, 5).exact()).as("a lost audit record").isFalse();
        assertThat(new VerifyBench.Ledger(10, 11, 10, 10, true, 5, 5).exact()).as("a decision recorded twice").isFalse();
        assertThat(new VerifyBench.Ledger(10, 10, 10, 9, true, 5, 5).exact()).as("a lost replay row").isFalse();
        assertThat(new VerifyBench.Ledger(10, 10, 10, 10, false, 5, 5).exact()).as("a broken chain").isFalse();
        assertThat(new VerifyBench.Ledger(10, 10, 10, 10, true, 5, 4).exact()).as("a replay accepted").isFalse();
    }

    @Test
    void theLoopbackClientKeepsOneConnectionAliveAndReconnectsWhenTheServerClosesIt() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        java.util.Set<Integer> remotePorts = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        server.createContext("/echo", exchange -> {
            remotePorts.add(exchange.getRemoteAddress().getPort());
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (calls.incrementAndGet() == 3) {
                exchange.getResponseHeaders().add("Connection", "close");
            }
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (LoopbackClient client = new LoopbackClient(java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort()))) {
            for (int i = 1; i <= 4; i++) {
                LoopbackClient.Answer answer = client.post("/echo", "Bearer t", "{\"n\":" + i + "}");
                assertThat(answer.status()).isEqualTo(201);
                assertThat(answer.body()).isEqualTo("{\"n\":" + i + "}");
            }
        } finally {
            server.stop(0);
        }
        // Calls 1 to 3 on one connection; the third answer said close, so the fourth came on a second one.
        assertThat(remotePorts).hasSize(2);
    }

    @Test
    void theLoopbackClientRecognisesTheExpectedAnswerByItsFirstBytesAndKeepsEveryOtherBody() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/echo", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = new String(body, java.nio.charset.StandardCharsets.UTF_8).contains("teapot") ? 418 : 200;
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        java.net.URI base = java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        byte[] expected = "{\"decision\":\"accepted\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (LoopbackClient client = new LoopbackClient(base)) {
            assertThat(client.send(LoopbackClient.request(base, "/echo", "Bearer t", "{\"decision\":\"accepted\",\"n\":1}"), expected))
                    .isSameAs(LoopbackClient.Answer.EXPECTED);
            assertThat(client.send(LoopbackClient.request(base, "/echo", "Bearer t", "{\"decision\":\"rejected\"}"), expected))
                    .isEqualTo(new LoopbackClient.Answer(200, "{\"decision\":\"rejected\"}"));
            assertThat(client.send(LoopbackClient.request(base, "/echo", "Bearer t", "{\"decision\":\"accepted\",\"teapot\":1}"),
                    expected)).as("the expected body with another status").isEqualTo(
                    new LoopbackClient.Answer(418, "{\"decision\":\"accepted\",\"teapot\":1}"));
            String large = "{\"pad\":\"" + "x".repeat(12_000) + "\"}";
            assertThat(client.send(LoopbackClient.request(base, "/echo", "Bearer t", large), expected).body())
                    .as("an answer in several reads").isEqualTo(large);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void threadCpuCountsAThreadThatEndedBetweenTwoSnapshots() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/task")),
                "per-thread CPU is read from Linux's /proc");
        long self = ProcessHandle.current().pid();
        ThreadCpu.Snapshot before = ThreadCpu.snapshot(self);
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        Thread spinner = new Thread(() -> {
            long x = 0;
            // Until this thread itself has used 300 ms of CPU, however busy the machine is.
            while (mx.getCurrentThreadCpuTime() < 300_000_000L) {
                x += System.nanoTime() % 7;
            }
            if (x == 42) {
                System.out.print("");
            }
        }, "bench-client-test");
        spinner.start();
        spinner.join();
        java.util.Map<String, ThreadCpu.Usage> used = ThreadCpu.between(before, ThreadCpu.snapshot(self));
        assertThat(used).containsOnlyKeys("requests", "ended threads", "JIT", "GC", "other");
        // /proc counts in 10 ms ticks. A thread that has ended shows as "ended threads"; one whose task Linux has not
        // removed yet right after join() is still a live "bench-client" request thread.
        assertThat(used.get("ended threads").total() + used.get("requests").total()).isGreaterThanOrEqualTo(0.25);
        assertThat(ThreadCpu.group("scephub-http-12")).isEqualTo("requests");
        assertThat(ThreadCpu.group("C2 CompilerThre")).isEqualTo("JIT");
        assertThat(ThreadCpu.group("G1 Young RemSet")).isEqualTo("GC");
        assertThat(ThreadCpu.group("Common-Cleaner")).isEqualTo("other");
    }

    @Test
    void percentileIsTheNearestRankOfTheSortedLatencies() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1;
        }
        assertThat(VerifyBench.percentile(sorted, 0.50)).isEqualTo(50);
        assertThat(VerifyBench.percentile(sorted, 0.99)).isEqualTo(99);
        assertThat(VerifyBench.percentile(new long[0], 0.5)).isZero();
    }
}
