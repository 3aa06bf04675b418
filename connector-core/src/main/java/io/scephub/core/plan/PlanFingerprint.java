package io.scephub.core.plan;

import io.scephub.core.model.Secret;
import io.scephub.core.renewal.Redistribution;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.OutputRef;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The identity of a plan: hex SHA-256 over every change (no-ops included) with the desired and
 * the actual object it compares, so it changes whenever the plan would do something else or was
 * made from a different reading, and is equal for equal plans whatever the order of the inputs.
 * Secrets enter by their digest only; notices and the time a redistribution was planned do not
 * enter at all, because they do not change what apply does.
 */
public final class PlanFingerprint {
    private PlanFingerprint() {
    }

    public static String of(Collection<PlanChange> changes) {
        List<String> entries = changes.stream().map(PlanFingerprint::canonical).sorted().toList();
        StringBuilder all = new StringBuilder("plan-v2[");
        entries.forEach(e -> all.append(e).append(','));
        all.append(']');
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(all.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    private static String canonical(PlanChange change) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("action", change.action().verb());
        entry.put("key", change.key().toString());
        entry.put("connector", change.connector());
        if (change instanceof PlanChange.Create c) {
            entry.put("desired", desired(c.desired()));
        } else if (change instanceof PlanChange.Update u) {
            entry.put("desired", desired(u.desired()));
            entry.put("actual", actual(u.actual()));
        } else if (change instanceof PlanChange.Replace r) {
            entry.put("desired", desired(r.desired()));
            entry.put("actual", actual(r.actual()));
        } else if (change instanceof PlanChange.NoOp n) {
            entry.put("desired", desired(n.desired()));
            entry.put("actual", actual(n.actual()));
        } else if (change instanceof PlanChange.Delete d) {
            entry.put("actual", actual(d.actual()));
            d.duplicateOf().ifPresent(kept -> entry.put("duplicateOf", kept));
        } else if (change instanceof PlanChange.Redistribute r) {
            entry.put("actual", actual(r.profile()));
            entry.put("redistribution", redistribution(r.redistribution()));
        }
        StringBuilder out = new StringBuilder();
        write(entry, out);
        return out.toString();
    }

    private static Map<String, Object> desired(Resource r) {
        Map<String, Object> m = new TreeMap<>();
        m.put("attributes", r.attributes());
        m.put("dependsOn", r.dependsOn().stream().map(ResourceKey::toString).sorted().toList());
        m.put("replaceOn", r.replaceOn().stream().sorted().toList());
        return m;
    }

    private static Map<String, Object> actual(ActualResource a) {
        Map<String, Object> m = new TreeMap<>();
        m.put("vendorId", a.vendorId());
        m.put("attributes", a.attributes());
        m.put("outputs", a.outputs());
        m.put("dependsOn", a.dependsOn().stream().map(ResourceKey::toString).sorted().toList());
        return m;
    }

    private static Map<String, Object> redistribution(Redistribution r) {
        Map<String, Object> m = new TreeMap<>();
        m.put("enrollment", r.enrollment());
        m.put("profile", r.profile().toString());
        m.put("devices", r.devices());
        m.put("earliestExpiry", r.earliestExpiry().toString());
        m.put("latestExpiry", r.latestExpiry().toString());
        m.put("waves", r.waves());
        m.put("batch", r.batch());
        m.put("batches", r.batches());
        if (!r.deviceIds().isEmpty()) {
            m.put("deviceIds", r.deviceIds());
        }
        if (!r.owed().isEmpty()) {
            m.put("owed", r.owed());
        }
        return m;
    }

    private static void write(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> m) {
            out.append('{');
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            sorted.forEach((k, v) -> {
                quote(k, out);
                out.append(':');
                write(v, out);
                out.append(',');
            });
            out.append('}');
        } else if (value instanceof List<?> l) {
            out.append('[');
            l.forEach(v -> {
                write(v, out);
                out.append(',');
            });
            out.append(']');
        } else if (value instanceof Collection<?> c) {
            // Sets have no order of their own; their canonical form is sorted.
            write(c.stream().map(v -> {
                StringBuilder sb = new StringBuilder();
                write(v, sb);
                return sb.toString();
            }).sorted().map(s -> (Object) new Raw(s)).toList(), out);
        } else if (value instanceof Raw raw) {
            out.append(raw.text());
        } else if (value instanceof Secret s) {
            out.append("secret:").append(s.fingerprint());
        } else if (value instanceof OutputRef r) {
            out.append("ref:");
            quote(r.toString(), out);
        } else if (value instanceof String s) {
            quote(s, out);
        } else if (value instanceof Integer i) {
            // Integer and Long compare equal in plans; they fingerprint equal too.
            out.append(i.longValue());
        } else if (value == null) {
            out.append("null");
        } else {
            out.append(value.getClass().getSimpleName()).append(':');
            quote(String.valueOf(value), out);
        }
    }

    /** An already canonical fragment. */
    private record Raw(String text) {
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }
}
