package io.scephub.hub.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.scephub.core.http.CallObserver;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns what the vendor HTTP layer reports into Micrometer meters:
 * {@code scephub_vendor_calls_total{vendor,method,status}}, {@code scephub_vendor_call_seconds{vendor}},
 * {@code scephub_vendor_retries_total{vendor,reason}} and {@code scephub_vendor_circuit_state{vendor,state}}
 * (1 for the breaker's current state, 0 for the others). Every label comes from a bounded set.
 */
public final class VendorCallMetrics implements CallObserver {
    public static final String CALLS = "scephub.vendor.calls";
    public static final String CALL_DURATION = "scephub.vendor.call";
    public static final String RETRIES = "scephub.vendor.retries";
    public static final String CIRCUIT_STATE = "scephub.vendor.circuit.state";

    private final MeterRegistry registry;
    private final Map<String, AtomicReference<CircuitState>> circuits = new ConcurrentHashMap<>();

    public VendorCallMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void callFinished(FinishedCall call) {
        Counter.builder(CALLS)
                .description("Vendor API calls by final outcome (HTTP status, circuit_open or network_error), retries not counted")
                .tag("vendor", call.vendor()).tag("method", call.method()).tag("status", call.status())
                .register(registry).increment();
        Timer.builder(CALL_DURATION)
                .description("Duration of vendor API calls, retries and the waits between them included")
                .tag("vendor", call.vendor())
                .register(registry).record(call.duration());
    }

    @Override
    public void retrying(Retrying retry) {
        Counter.builder(RETRIES)
                .description("Vendor API attempts that were retried, by the status or network error that caused the retry")
                .tag("vendor", retry.vendor()).tag("reason", retry.reason())
                .register(registry).increment();
    }

    @Override
    public void circuitStateChanged(String vendor, CircuitState state) {
        circuits.computeIfAbsent(vendor, this::registerCircuit).set(state);
    }

    private AtomicReference<CircuitState> registerCircuit(String vendor) {
        AtomicReference<CircuitState> current = new AtomicReference<>(CircuitState.CLOSED);
        for (CircuitState state : CircuitState.values()) {
            Gauge.builder(CIRCUIT_STATE, current, c -> c.get() == state ? 1 : 0)
                    .description("1 for the vendor circuit breaker's current state, 0 for the others")
                    .tag("vendor", vendor).tag("state", state.name().toLowerCase(java.util.Locale.ROOT))
                    .strongReference(true)
                    .register(registry);
        }
        return current;
    }
}
