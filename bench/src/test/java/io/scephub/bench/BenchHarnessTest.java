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
