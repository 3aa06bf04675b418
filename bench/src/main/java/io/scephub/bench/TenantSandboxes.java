package io.scephub.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import io.scephub.sandbox.Vendor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The tenants bench's vendors, in their own JVM so the hub's heap is measured alone: N sandboxes (each
 * its own Okta org with Okta's published per-bucket limits enforced, Intune, Jamf and Workspace ONE),
 * described as JSON in a file. Commands on stdin: {@code reset} (every sandbox back to its seeded state, as
 * started), {@code clear} (empty the journals), {@code floor
 * EPOCH_MILLIS} (each sandbox's rate-limit floor since then, one JSON line), {@code quit}.
 */
public final class TenantSandboxes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TenantSandboxes() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        Path out = Path.of(args[1]);
        List<Sandbox> sandboxes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Sandbox>> started = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            started.add(pool.submit(() -> {
                Sandbox sandbox = Sandbox.start(SandboxOptions.defaults());
                sandbox.okta().enforcePublishedRateLimits(true);
                return sandbox;
            }));
        }
        for (Future<Sandbox> f : started) {
            sandboxes.add(f.get());
        }
        pool.shutdown();
        ArrayNode list = JSON.createArrayNode();
        for (Sandbox s : sandboxes) {
            ObjectNode node = list.addObject();
            node.put("header", EnrollmentFleet.header(s));
            ObjectNode env = node.putObject("env");
            EnrollmentFleet.credentials(s).forEach(env::put);
        }
        Files.writeString(out, list.toString());
        System.out.println("ready");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.equals("quit")) {
                break;
            } else if (line.equals("reset")) {
                // Back to the seeded state after the warm-up sync; reset turns the published Okta limits off.
                sandboxes.forEach(s -> {
                    s.reset();
                    s.okta().enforcePublishedRateLimits(true);
                });
                System.out.println("ok");
            } else if (line.equals("clear")) {
                sandboxes.forEach(s -> s.requests().clear());
                System.out.println("ok");
            } else if (line.startsWith("floor ")) {
                Instant start = Instant.ofEpochMilli(Long.parseLong(line.substring(6).trim()));
                ArrayNode floors = JSON.createArrayNode();
                for (Sandbox s : sandboxes) {
                    Map<Vendor, ApplyBench.VendorCounts> counts = ApplyBench.perVendor(s);
                    RateLimitFloor floor = ApplyBench.floor(s.options(), counts, s.requests().of(Vendor.GRAPH),
                            s.requests().of(Vendor.OKTA), start);
                    long requests = counts.values().stream().mapToLong(ApplyBench.VendorCounts::requests).sum();
                    long throttled = counts.values().stream().mapToLong(ApplyBench.VendorCounts::throttled).sum();
                    floors.addObject().put("seconds", floor.seconds()).put("binding", floor.binding()).put("requests", requests)
                            .put("throttled", throttled);
                }
                System.out.println(floors);
            }
            System.out.flush();
        }
        sandboxes.forEach(Sandbox::close);
        System.exit(0);
    }
}
