package io.scephub.core.http;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps a failing observer from failing the vendor call it was told about: metrics are never worth a lost call. */
final class GuardedCallObserver implements CallObserver {
    private static final Logger LOG = LoggerFactory.getLogger(ResilientVendorHttp.CALL_LOGGER);

    private final CallObserver delegate;

    GuardedCallObserver(CallObserver delegate) {
        this.delegate = Objects.requireNonNull(delegate, "observer");
    }

    @Override
    public void callFinished(FinishedCall call) {
        try {
            delegate.callFinished(call);
        } catch (RuntimeException e) {
            failed("callFinished", call.vendor(), e);
        }
    }

    @Override
    public void retrying(Retrying retry) {
        try {
            delegate.retrying(retry);
        } catch (RuntimeException e) {
            failed("retrying", retry.vendor(), e);
        }
    }

    @Override
    public void circuitStateChanged(String vendor, CircuitState state) {
        try {
            delegate.circuitStateChanged(vendor, state);
        } catch (RuntimeException e) {
            failed("circuitStateChanged", vendor, e);
        }
    }

    private static void failed(String event, String vendor, RuntimeException e) {
        LOG.warn("call_observer_failed vendor={} event={} error={}", vendor, event, e.getClass().getSimpleName());
    }
}
