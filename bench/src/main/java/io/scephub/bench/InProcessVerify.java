package io.scephub.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.hub.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The in-process side of the verification benchmark in its own JVM, started by {@link VerifyBench} the way it starts
 * {@code scephub serve}. Usage: {@code --config FILE --store h2|postgres --tokens FILE --warmup N --clients N
 * --result FILE} and {@code --data-dir DIR} (H2) or {@code --jdbc-url URL} (PostgreSQL, user postgres); the first
 * {@code warmup} lines of the token file are the warm-up. Writes the measurement as JSON to the result file.
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
        StateStore state = options.containsKey("jdbc-url")
                ? StateStore.open(Optional.of(options.get("jdbc-url")), Optional.of("postgres"), Optional.empty(), config.getParent())
                : StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), Path.of(required(options, "data-dir")));
        VerifyBench.Measurement m;
        try (state) {
            m = VerifyBench.inProcessHere(required(options, "store"), config, System.getenv(), state, clients,
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
