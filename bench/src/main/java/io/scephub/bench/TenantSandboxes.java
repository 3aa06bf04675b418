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
 * described as JSON in a file; a third argument above 0 is an org-wide Okta limit per minute each org enforces instead
 * of the published buckets ({@link SandboxOptions#oktaRateLimitPerMinute()}). Commands on stdin: {@code reset} (every sandbox back to its seeded state, as
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
        int oktaPerMinute = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        List<Sandbox> sandboxes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Sandbox>> started = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            started.add(pool.submit(() -> {
                Sandbox sandbox = Sandbox.start(SandboxOptions.builder().oktaRateLimitPerMinute(oktaPerMinute).build());
                // The simulator enforces either the published buckets or the org-wide limit; the org-wide one, when
                // asked for, is far the tighter.
                sandbox.okta().enforcePublishedRateLimits(oktaPerMinute == 0);
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
            String header = EnrollmentFleet.header(s);
            if (oktaPerMinute > 0) {
                // A call that finds its minute used up waits for the next one, and with a few in flight for the one
                // after: beyond the default one-minute call timeout, which counts waits too.
                header = header.replaceFirst("(?m)^okta:\n", "okta:\n  http:\n    callTimeout: 5m\n");
                if (!header.contains("callTimeout: 5m")) {
                    throw new IllegalStateException("no okta: section in the sandbox's config header");
                }
            }
            node.put("header", header);
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
                    s.okta().enforcePublishedRateLimits(oktaPerMinute == 0);
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
