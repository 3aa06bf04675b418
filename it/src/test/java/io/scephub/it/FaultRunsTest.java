package io.scephub.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scephub.fixtures.SandboxExtension;
import io.scephub.sandbox.Fault;
import io.scephub.sandbox.RecordedRequest;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.Vendor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fault runs (issue 9): each vendor in turn answers every third request with a 500, a 503, a reset,
 * a timeout or a 429. Apply converges within three applies, the plan afterwards (faults still on)
 * finds nothing to do, and no vendor holds a duplicate. The clients get short timeouts and backoff
 * through the {@code http.*} settings so a run takes seconds.
 *
 * <p>{@code mvn verify} runs a subset in which every vendor appears twice and every fault at least
 * once; {@code -Pfaults} runs the whole matrix plus the 503-with-Retry-After and
 * reset-after-processing (the vendor acted, the answer was lost) columns.
 */
@ExtendWith(SandboxExtension.class)
class FaultRunsTest {
    /** Past the clients' 700 ms read timeout, so the client gives up while the vendor still acts. */
    private static final Duration TIMEOUT_DELAY = Duration.ofMillis(1_500);
    private static final String FAST_HTTP = """
            http:
              readTimeout: 700ms
              initialBackoff: 20ms
              maxBackoff: 200ms
            """;

    /** The verify subset: every vendor twice, every fault at least once (about 45 s). */
    private static final java.util.Set<String> SUBSET = System.getProperty("scephub.faults.only") != null
            ? java.util.Set.of(System.getProperty("scephub.faults.only").split(",")) : java.util.Set.of(
            "OKTA 500", "OKTA timeout",
            "INTUNE 503", "INTUNE reset",
            "JAMF 429", "JAMF timeout",
            "WORKSPACEONE reset", "WORKSPACEONE 500");

    private static Sandbox sandbox;

    @BeforeAll
    static void startSandbox(Sandbox started) {
        sandbox = started;
    }

    /** Which vendor is faulted, and the scephub.yaml that makes the hub talk to it. */
    enum Setup {
        OKTA(List.of(Vendor.OKTA), FaultRunsTest::intuneConfig),
        INTUNE(List.of(Vendor.GRAPH, Vendor.ENTRA), FaultRunsTest::intuneConfig),
        JAMF(List.of(Vendor.JAMF), FaultRunsTest::jamfConfig),
        WORKSPACEONE(List.of(Vendor.WORKSPACEONE), FaultRunsTest::workspaceOneConfig);

        final List<Vendor> faulted;
        final Supplier<String> config;

        Setup(List<Vendor> faulted, Supplier<String> config) {
            this.faulted = faulted;
            this.config = config;
        }
    }

    static Stream<Arguments> runs() {
        boolean full = "full".equals(System.getProperty("scephub.faults"));
        Map<String, Supplier<Fault>> faults = new java.util.LinkedHashMap<>();
        faults.put("500", () -> Fault.status(500));
        faults.put("503", () -> Fault.status(503));
        faults.put("reset", Fault::connectionReset);
        faults.put("timeout", () -> Fault.timeout(TIMEOUT_DELAY));
        faults.put("429", () -> Fault.status(429).retryAfter("1"));
        if (full) {
            faults.put("503+Retry-After", () -> Fault.status(503).retryAfter("1"));
            faults.put("reset-after-processing", Fault::resetAfterProcessing);
        }
        List<Arguments> runs = new ArrayList<>();
        for (Setup setup : Setup.values()) {
            faults.forEach((name, fault) -> {
                if ((full && System.getProperty("scephub.faults.only") == null) || SUBSET.contains(setup + " " + name)) {
                    runs.add(Arguments.of(setup, name, fault));
                }
            });
        }
        return runs.stream();
    }

    @ParameterizedTest(name = "{0} x {1} every third request")
    @MethodSource("runs")
    void applyConvergesWithinThreeAppliesWithoutDuplicates(Setup setup, String faultName, Supplier<Fault> fault,
                                                           @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        sandbox.reset();
        Files.writeString(dir.resolve("scephub.yaml"), setup.config.get());
        for (Vendor vendor : setup.faulted) {
            sandbox.faults().everyNth(vendor, 3, fault.get());
        }
        HubCli cli = new HubCli(dir, SandboxConfig.credentials(sandbox));

        long started = System.nanoTime();
        List<HubCli.Run> applies = new ArrayList<>();
        while (applies.size() < 3 && (applies.isEmpty() || applies.get(applies.size() - 1).exitCode() != 0)) {
            applies.add(cli.run(applyArgs()));
        }
        HubCli.Run lastApply = applies.get(applies.size() - 1);
        for (HubCli.Run failed : applies.subList(0, applies.size() - 1)) {
            System.out.printf("fault-run %s x %s: an apply did not converge:%n%s%n", setup, faultName,
                    failed.all().lines().filter(l -> !l.startsWith("    ")).collect(Collectors.joining("\n")));
        }
        assertThat(lastApply.exitCode()).as("apply %d of 3 under %s faults at %s:%n%s", applies.size(), faultName,
                setup, applies.stream().map(HubCli.Run::all).collect(Collectors.joining("\n----\n"))).isZero();

        HubCli.Run plan = cli.run("plan");
        assertThat(plan.exitCode()).as("plan after converging, faults still on:%n%s", plan.all()).isZero();
        assertNoDuplicates();

        List<RecordedRequest> journal = sandbox.requests().all();
        // Every third request to each faulted vendor was faulted (a timeout is journalled as a normal answer).
        long injected = setup.faulted.stream().mapToLong(v -> sandbox.requests().of(v).size() / 3).sum();
        assertThat(injected).as("the sandbox injected faults").isGreaterThanOrEqualTo(1);
        // A retry reuses its call's client-request-id, so repeated ids count the retries the vendor saw.
        long retries = journal.size() - journal.stream().map(RecordedRequest::clientRequestId).distinct().count();
        System.out.printf("fault-run %s x %s: applies=%d requests=%d injected=%d retries=%d wall=%d ms%n", setup, faultName,
                applies.size(), journal.size(), injected, retries, Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    /**
     * {@code apply}, with {@code --auto-approve} where the command line has it (apply asks for
     * confirmation on a terminal once that option exists).
     */
    static String[] applyArgs() {
        boolean asks = io.scephub.hub.cli.ScephubCommand.commandLine(io.scephub.hub.HubEnvironment.system())
                .getSubcommands().get("apply").getCommandSpec().findOption("--auto-approve") != null;
        return asks ? new String[] {"apply", "--auto-approve"} : new String[] {"apply"};
    }

    private static void assertNoDuplicates() {
        assertNoDuplicates(sandbox);
    }

    /** Every vendor holds at most one object per scephub marker (and per name), and no assignment twice. */
    static void assertNoDuplicates(Sandbox sandbox) {
        assertUnique("Okta registration authorities", sandbox.okta().registrationAuthorities(), ra -> ra.path("name").asText());
        List<JsonNode> owned = sandbox.graph().deviceConfigurations().stream()
                .filter(p -> p.path("description").asText().contains("[scephub:")).toList();
        assertUnique("Intune configurations", owned,
                p -> p.path("description").asText().replaceAll("(?s).*\\[scephub:([^\\]]+)\\].*", "$1"));
        for (JsonNode profile : owned) {
            assertUnique("assignments of " + profile.path("displayName").asText(),
                    sandbox.graph().assignments(profile.path("id").asText()),
                    a -> a.path("target").path("@odata.type").asText() + a.path("target").path("groupId").asText());
        }
        assertUnique("Jamf profiles", sandbox.jamf().profiles(), p -> p.name());
        assertUnique("Workspace ONE profiles", sandbox.workspaceOne().profiles(),
                p -> p.path("General").path("Name").asText());
    }

    private static <T> void assertUnique(String what, List<T> items, Function<T, String> key) {
        Map<String, Long> counts = items.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
        assertThat(counts).as(what).allSatisfy((name, count) -> assertThat(count).as("%s: %s", what, name).isEqualTo(1L));
    }

    private static String indented(String yaml, int spaces) {
        String pad = " ".repeat(spaces);
        return yaml.lines().map(line -> pad + line + "\n").collect(Collectors.joining());
    }

    private static String okta() {
        return """
                version: 1
                okta:
                  orgUrl: %s
                  auth:
                    apiToken: ${env:OKTA_API_TOKEN}
                %s""".formatted(sandbox.oktaBaseUrl(), indented(FAST_HTTP, 2));
    }

    private static String intuneConfig() {
        return okta() + """
                mdm:
                  intune:
                    tenantId: %s
                    clientId: %s
                    clientSecret: ${env:GRAPH_CLIENT_SECRET}
                    graphBaseUrl: %s
                    authorityHost: %s
                %senrollments:
                %s%s""".formatted(sandbox.options().tenantId(), sandbox.options().clientId(), sandbox.graphBaseUrl(),
                sandbox.authorityHost(), indented(FAST_HTTP, 4), SandboxConfig.windows(), SandboxConfig.MACOS);
    }

    private static String jamfConfig() {
        return okta() + """
                mdm:
                %s%senrollments:
                  - name: macos-jamf
                    platform: macos
                    mdm: jamf
                    challenge: dynamic
                    ca: okta
                    groups:
                      include: [ "ODA Macs" ]
                """.formatted(SandboxConfig.jamf(sandbox), indented(FAST_HTTP, 4));
    }

    private static String workspaceOneConfig() {
        return okta() + """
                mdm:
                  workspaceone:
                    url: %s
                    tokenUrl: %s
                    clientId: ${env:WS1_CLIENT_ID}
                    clientSecret: ${env:WS1_CLIENT_SECRET}
                    apiKey: ${env:WS1_API_KEY}
                    organizationGroup: Corp
                %senrollments:
                  - name: windows-ws1
                    platform: windows
                    mdm: workspaceone
                    challenge: static
                    ca: okta
                    groups:
                      include: [ "ODA Windows WS1" ]
                """.formatted(sandbox.workspaceOneBaseUrl(), sandbox.workspaceOneTokenUrl(), indented(FAST_HTTP, 4));
    }
}
