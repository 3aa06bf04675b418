package io.scephub.core.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Says why a vendor call got no answer in the words of scephub's settings, so a hung read reads
 * "http.callTimeout (30s) ran out" instead of OkHttp's bare "InterruptedIOException: timeout".
 */
public final class NoAnswer {

    private NoAnswer() {
    }

    /** The text after "METHOD path: " for a call that failed with {@code e} before any answer. */
    public static String describe(IOException e) {
        return describe(e, true);
    }

    /**
     * As {@link #describe(IOException)}; {@code withDetail=false} leaves the exception's own message
     * out of the fallback, for clients whose transport messages may quote request details.
     */
    public static String describe(IOException e, boolean withDetail) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CallTimedOut timedOut) {
                return "no answer: " + HttpSettings.CALL_TIMEOUT + " (" + human(timedOut.callTimeout())
                        + ") ran out before the vendor answered (retries included); raise "
                        + HttpSettings.CALL_TIMEOUT + " in scephub.yaml if the vendor is that slow";
            }
        }
        if (e instanceof SocketTimeoutException) {
            return "no answer: the connection or a read timed out (http.connectTimeout / http.readTimeout)";
        }
        if (e instanceof InterruptedIOException && "timeout".equals(e.getMessage())) {
            return "no answer: " + HttpSettings.CALL_TIMEOUT + " ran out before the vendor answered";
        }
        if (e instanceof UnknownHostException) {
            return "no answer: the host name does not resolve" + (withDetail ? " (" + e.getMessage() + ")" : "");
        }
        if (e instanceof ConnectException) {
            return "no answer: could not connect" + (withDetail ? " (" + e.getMessage() + ")" : "");
        }
        return "no answer (" + e.getClass().getSimpleName() + (withDetail ? ": " + e.getMessage() : "") + ")";
    }

    static String human(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        return s % 60 == 0 && s > 0 ? (s / 60) + "m" : s + "s";
    }

    /** Thrown inside the interceptor chain when the whole call outlived {@code http.callTimeout}. */
    static final class CallTimedOut extends InterruptedIOException {
        private final transient Duration callTimeout;

        CallTimedOut(Duration callTimeout, IOException cause) {
            super("http.callTimeout (" + human(callTimeout) + ") ran out");
            this.callTimeout = callTimeout;
            initCause(cause);
        }

        Duration callTimeout() {
            return callTimeout;
        }
    }

    /** First interceptor: marks the failure of a call its call timeout cancelled with that timeout's value. */
    static final class CallTimeoutInterceptor implements okhttp3.Interceptor {
        private final Duration callTimeout;

        CallTimeoutInterceptor(Duration callTimeout) {
            this.callTimeout = callTimeout;
        }

        @Override
        public okhttp3.Response intercept(Chain chain) throws IOException {
            long started = System.nanoTime();
            try {
                return chain.proceed(chain.request());
            } catch (IOException e) {
                boolean outlived = !callTimeout.isZero()
                        && System.nanoTime() - started >= callTimeout.toNanos() - Duration.ofMillis(50).toNanos();
                if (chain.call().isCanceled() && outlived && !(e instanceof CallTimedOut)) {
                    throw new CallTimedOut(callTimeout, e);
                }
                throw e;
            }
        }
    }
}
