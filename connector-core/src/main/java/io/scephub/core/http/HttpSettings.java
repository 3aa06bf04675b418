package io.scephub.core.http;

import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.SettingDef;
import io.scephub.core.model.SettingsSchema;
import io.scephub.core.model.SettingProblem;
import io.scephub.core.model.SettingType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code http.*} settings every connector section accepts. They override the connector's own
 * {@link HttpPolicy} (whose rate limits follow the vendor's published limits); unset keys keep it.
 */
public final class HttpSettings {
    public static final String REQUESTS_PER_SECOND = "http.requestsPerSecond";
    public static final String CONNECT_TIMEOUT = "http.connectTimeout";
    public static final String READ_TIMEOUT = "http.readTimeout";
    public static final String CALL_TIMEOUT = "http.callTimeout";
    public static final String MAX_ATTEMPTS = "http.maxAttempts";
    public static final String INITIAL_BACKOFF = "http.initialBackoff";
    public static final String MAX_BACKOFF = "http.maxBackoff";

    private HttpSettings() {
    }

    /** The setting definitions to add to a connector's schema; {@code vendorLimits} says what applies when none is set. */
    public static List<SettingDef> definitions(String vendorLimits) {
        return List.of(
                SettingDef.optional(REQUESTS_PER_SECOND, SettingType.INTEGER,
                        "Extra client-side ceiling: calls evenly spaced at this many per second. Unset: only the vendor's "
                                + "published limits apply (" + vendorLimits + "; see docs/rate-limits.md)."),
                SettingDef.optional(CONNECT_TIMEOUT, SettingType.DURATION, "Time allowed to open a connection (default 10s)."),
                SettingDef.optional(READ_TIMEOUT, SettingType.DURATION,
                        "Time allowed between bytes of an answer (default 30s); a GET, PUT or DELETE that times out is retried."),
                SettingDef.optional(CALL_TIMEOUT, SettingType.DURATION,
                        "Time allowed for one call, retries and their waits included (default 60s)."),
                SettingDef.optional(MAX_ATTEMPTS, SettingType.INTEGER, "Attempts per call, the first included (default 5)."),
                SettingDef.optional(INITIAL_BACKOFF, SettingType.DURATION,
                        "Shortest wait before a retry when the vendor names none (default 500ms); it doubles per attempt, jittered."),
                SettingDef.optional(MAX_BACKOFF, SettingType.DURATION, "Longest such wait (default 30s)."));
    }

    /** A connector's schema: its own settings, then the {@code http.*} ones ({@code vendorLimits} as in {@link #definitions}). */
    public static SettingsSchema schema(String section, String doc, List<SettingDef> own, String vendorLimits) {
        List<SettingDef> all = new java.util.ArrayList<>(own);
        all.addAll(definitions(vendorLimits));
        return new SettingsSchema(section, doc, all);
    }

    /** What is wrong with the section's {@code http.*} values, each located by its full path. */
    public static List<SettingProblem> validate(ConnectorSettings settings) {
        List<SettingProblem> problems = new ArrayList<>();
        String section = settings.section();
        if (settings.has(REQUESTS_PER_SECOND) && settings.number(REQUESTS_PER_SECOND) <= 0) {
            problems.add(new SettingProblem(section + "." + REQUESTS_PER_SECOND,
                    "must be a positive number of requests per second, got " + settings.number(REQUESTS_PER_SECOND)
                            + " (leave it unset for the vendor's published limits)"));
        }
        if (settings.has(MAX_ATTEMPTS) && (settings.number(MAX_ATTEMPTS) < 1 || settings.number(MAX_ATTEMPTS) > 20)) {
            problems.add(new SettingProblem(section + "." + MAX_ATTEMPTS,
                    "must be between 1 and 20 attempts, got " + settings.number(MAX_ATTEMPTS)));
        }
        if (settings.has(INITIAL_BACKOFF) && settings.has(MAX_BACKOFF)
                && settings.duration(MAX_BACKOFF).compareTo(settings.duration(INITIAL_BACKOFF)) < 0) {
            problems.add(new SettingProblem(section + "." + MAX_BACKOFF, "must not be shorter than "
                    + section + "." + INITIAL_BACKOFF + " (" + settings.duration(INITIAL_BACKOFF) + "), got "
                    + settings.duration(MAX_BACKOFF)));
        }
        return problems;
    }

    /** {@code vendorPolicy} with every {@code http.*} value the section sets laid over it. */
    public static HttpPolicy policy(HttpPolicy vendorPolicy, ConnectorSettings settings) {
        HttpPolicy policy = vendorPolicy;
        if (settings.has(REQUESTS_PER_SECOND)) {
            policy = policy.withRequestsPerSecond(settings.number(REQUESTS_PER_SECOND));
        }
        if (settings.has(CONNECT_TIMEOUT) || settings.has(READ_TIMEOUT) || settings.has(CALL_TIMEOUT)) {
            policy = policy.withTimeouts(duration(settings, CONNECT_TIMEOUT, policy.connectTimeout()),
                    duration(settings, READ_TIMEOUT, policy.readTimeout()),
                    duration(settings, CALL_TIMEOUT, policy.callTimeout()));
        }
        if (settings.has(MAX_ATTEMPTS)) {
            policy = policy.withMaxAttempts(Math.toIntExact(settings.number(MAX_ATTEMPTS)));
        }
        if (settings.has(INITIAL_BACKOFF) || settings.has(MAX_BACKOFF)) {
            Duration initial = duration(settings, INITIAL_BACKOFF, policy.initialBackoff());
            Duration max = duration(settings, MAX_BACKOFF, policy.maxBackoff());
            policy = policy.withBackoff(initial, max.compareTo(initial) < 0 ? initial : max);
        }
        return policy;
    }

    private static Duration duration(ConnectorSettings settings, String key, Duration otherwise) {
        return settings.has(key) ? settings.duration(key) : otherwise;
    }
}
