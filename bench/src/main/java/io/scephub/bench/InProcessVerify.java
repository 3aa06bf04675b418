package io.scephub.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.hub.HubRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-process side of the verification benchmark in its own JVM, started by {@link VerifyBench} the way it starts
 * {@code scephub serve}. Usage: {@code --config FILE --store h2|postgres --tokens FILE --warmup N --clients N
 * --result FILE}; the state store is the one the file's {@code state:} names, opened through the hub's runtime. The
 * first {@code warmup} lines of the token file are the warm-up. Writes the measurement as JSON to the result file.
 */
public final class InProcessVerify {
    private InProcessVerify() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got \"" + args[i] + "\"");
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        Path config = Path.of(required(options, "config"));
        List<String> all = Files.readAllLines(Path.of(required(options, "tokens")));
        int warmup = Integer.parseInt(required(options, "warmup"));
        int clients = Integer.parseInt(required(options, "clients"));
        VerifyBench.Measurement m;
        try (HubRuntime runtime = VerifyBench.runtime(config, System.getenv())) {
            m = VerifyBench.inProcessHere(required(options, "store"), runtime.config(), runtime.store(), clients,
                    all.subList(0, warmup), all.subList(warmup, all.size()));
        }
        new ObjectMapper().writeValue(Path.of(required(options, "result")).toFile(), m);
        System.exit(0);
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
