package io.scephub.hub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.config.HubSettings;
import io.scephub.config.ScephubConfig;
import io.scephub.core.threads.DaemonThreads;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;

/**
 * Runs a command once per selected tenant and reports per tenant. One tenant is run as before: its
 * output unchanged. Several: each tenant's output under a {@code == tenant NAME} header (with
 * {@code --output json}, one document {@code {"tenants": [{"tenant", "exitCode", "result"}]}}), then a
 * summary line; a tenant that fails (its vendor down, its secret missing) is reported and the others
 * still run. The exit code is 1 when any tenant failed, else the highest (2 changes, 3 a check failed).
 */
final class PerTenant {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PerTenant() {
    }

    /** One tenant's run, writing as the command does to its command line. */
    interface Body {
        int run(ScephubConfig tenant) throws Exception;
    }

    /** One tenant's run, writing to its own writers (so tenants can run at once). */
    interface ParallelBody {
        int run(ScephubConfig tenant, PrintWriter out, PrintWriter err) throws Exception;
    }

    private record Result(String tenant, int exitCode, String out, String err) {
    }

    /** Tenant after tenant (commands that may ask on the terminal, or stream). */
    static int sequential(CommandLine cl, boolean json, ScephubConfig config, List<String> tenants, Body body) throws Exception {
        if (tenants.size() == 1) {
            return body.run(config.forTenant(tenants.get(0)));
        }
        PrintWriter out = cl.getOut();
        PrintWriter err = cl.getErr();
        List<Result> results = new ArrayList<>();
        try {
            for (String tenant : tenants) {
                StringWriter o = new StringWriter();
                StringWriter e = new StringWriter();
                PrintWriter po = new PrintWriter(o, true);
                PrintWriter pe = new PrintWriter(e, true);
                cl.setOut(po);
                cl.setErr(pe);
                int code;
                try {
                    code = body.run(config.forTenant(tenant));
                } catch (Exception ex) {
                    code = ErrorOutput.print(ex, po, pe, json);
                }
                po.flush();
                pe.flush();
                results.add(new Result(tenant, code, o.toString(), e.toString()));
                if (!json) {
                    emitText(results.get(results.size() - 1), out, err);
                }
            }
        } finally {
            cl.setOut(out);
            cl.setErr(err);
        }
        return finish(results, json, out, err);
    }

    /**
     * At most the store's parallelism ({@code state.parallelSyncs}, {@link HubSettings.State#syncsAtOnce()}) tenants at
     * once; output in the file's order once all finished.
     */
    static int parallel(CommandLine cl, boolean json, ScephubConfig config, List<String> tenants, ParallelBody body)
            throws Exception {
        PrintWriter out = cl.getOut();
        PrintWriter err = cl.getErr();
        if (tenants.size() == 1) {
            return body.run(config.forTenant(tenants.get(0)), out, err);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(config.hub().state().syncsAtOnce(), tenants.size()),
                DaemonThreads.numbered("scephub-tenant"));
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (String tenant : tenants) {
                futures.add(pool.submit(() -> {
                    StringWriter o = new StringWriter();
                    StringWriter e = new StringWriter();
                    PrintWriter po = new PrintWriter(o, true);
                    PrintWriter pe = new PrintWriter(e, true);
                    int code;
                    try {
                        code = body.run(config.forTenant(tenant), po, pe);
                    } catch (Exception ex) {
                        code = ErrorOutput.print(ex, po, pe, json);
                    }
                    po.flush();
                    pe.flush();
                    return new Result(tenant, code, o.toString(), e.toString());
                }));
            }
            List<Result> results = new ArrayList<>();
            for (Future<Result> f : futures) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a tenant's run failed unexpectedly", e.getCause());
                }
            }
            if (!json) {
                results.forEach(r -> emitText(r, out, err));
            }
            return finish(results, json, out, err);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void emitText(Result r, PrintWriter out, PrintWriter err) {
        out.println("== tenant " + r.tenant());
        out.print(r.out());
        out.flush();
        if (!r.err().isEmpty()) {
            err.print(prefixed(r.tenant(), r.err()));
            err.flush();
        }
    }

    /** Error lines name their tenant: stderr is often read without stdout's headers. */
    private static String prefixed(String tenant, String text) {
        StringBuilder sb = new StringBuilder();
        text.lines().forEach(line -> sb.append("tenant ").append(tenant).append(": ").append(line).append('\n'));
        return sb.toString();
    }

    private static int finish(List<Result> results, boolean json, PrintWriter out, PrintWriter err) {
        int exit = exitCode(results.stream().mapToInt(Result::exitCode).toArray());
        if (json) {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            ArrayNode list = root.putArray("tenants");
            for (Result r : results) {
                ObjectNode item = list.addObject();
                item.put("tenant", r.tenant());
                item.put("exitCode", r.exitCode());
                item.set("result", parse(r.out()));
                if (!r.err().isBlank()) {
                    item.put("stderr", r.err());
                }
            }
            root.put("exitCode", exit);
            out.println(root.toPrettyString());
            out.flush();
        } else {
            List<String> parts = new ArrayList<>();
            results.forEach(r -> parts.add(r.tenant() + " " + outcome(r.exitCode())));
            out.println("tenants: " + String.join(", ", parts));
            out.flush();
        }
        return exit;
    }

    /** 1 (an error) wins over everything; otherwise the highest. */
    static int exitCode(int... codes) {
        int max = 0;
        for (int c : codes) {
            if (c == ScephubCommand.EXIT_ERROR) {
                return c;
            }
            max = Math.max(max, c);
        }
        return max;
    }

    private static String outcome(int code) {
        return switch (code) {
            case 0 -> "ok (0)";
            case 1 -> "FAILED (1)";
            case 2 -> "changes pending (2)";
            case 3 -> "check failed (3)";
            default -> "exit " + code;
        };
    }

    private static JsonNode parse(String text) {
        if (text.isBlank()) {
            return JsonNodeFactory.instance.nullNode();
        }
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            return JsonNodeFactory.instance.textNode(text);
        }
    }
}
