package io.scephub.core.plan;

import io.scephub.core.model.Secret;
import io.scephub.core.resource.OutputRef;
import io.scephub.core.text.DisplayName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Renders a {@link Plan} for people, like a diff. Secret values are never printed (not even in
 * part), references print as {@code (known after apply)}, and strings longer than
 * {@value #MAX_INLINE} characters (certificates) are abbreviated to a head and a SHA-256 prefix.
 */
public final class PlanPrinter {
    static final int MAX_INLINE = 80;
    private static final String INDENT = "    ";

    public String render(Plan plan) {
        StringBuilder out = new StringBuilder();
        for (PlanChange change : plan.effectiveChanges()) {
            String impact = impact(plan, change);
            if (change instanceof PlanChange.Create c) {
                header(out, change, impact);
                leaves(out, c.desired().attributes(), "");
            } else if (change instanceof PlanChange.Update u) {
                header(out, change, impact);
                u.changes().forEach(ac -> changeLine(out, ac));
            } else if (change instanceof PlanChange.Replace r) {
                header(out, change, " (because " + String.join(", ", replaceReasons(r)) + " changed)" + impact);
                r.changes().forEach(ac -> changeLine(out, ac));
            } else if (change instanceof PlanChange.Redistribute r) {
                header(out, change, " (" + r.redistribution().describe() + ")" + impact);
            } else if (change instanceof PlanChange.Delete d && d.duplicateOf().isPresent()) {
                header(out, change, " (duplicate of id " + d.duplicateOf().get() + ")" + impact);
                out.append(INDENT).append("id ").append(d.actual().vendorId()).append(" carries the same marker; it is deleted, id ")
                        .append(d.duplicateOf().get()).append(" stays\n");
            } else {
                header(out, change, impact);
            }
            out.append('\n');
        }
        if (!plan.notices().isEmpty()) {
            out.append("Notices:\n");
            plan.notices().forEach(n -> out.append("  ! ").append(n).append('\n'));
            out.append('\n');
        }
        if (plan.isEmpty()) {
            out.append("No changes. The actual state matches scephub.yaml.\n");
        } else {
            Map<PlanChange.Action, Long> counts = PlanSummary.counts(plan);
            out.append("Plan: ").append(counts.get(PlanChange.Action.CREATE)).append(" to create, ")
                    .append(counts.get(PlanChange.Action.UPDATE)).append(" to update, ")
                    .append(counts.get(PlanChange.Action.REPLACE)).append(" to replace, ")
                    .append(counts.get(PlanChange.Action.DELETE)).append(" to delete");
            long redistribute = counts.get(PlanChange.Action.REDISTRIBUTE);
            if (redistribute > 0) {
                out.append(", ").append(redistribute).append(" to redistribute");
            }
            out.append(".\n");
        }
        return out.toString();
    }

    /** {@code " (re-enrols 1,240 devices)"} for a change that makes devices enrol again, else nothing. */
    static String impact(Plan plan, PlanChange change) {
        Integer devices = plan.reenrols().get(change.key());
        if (devices == null) {
            return "";
        }
        if (devices == Plan.UNKNOWN_DEVICES) {
            return " (re-enrols every device holding its certificate; their number could not be read)";
        }
        return " (re-enrols " + String.format(java.util.Locale.ROOT, "%,d", devices) + " device" + (devices == 1 ? "" : "s") + ")";
    }

    /** The replace-on attributes whose change forces the replacement. */
    static Set<String> replaceReasons(PlanChange.Replace replace) {
        Set<String> reasons = new TreeSet<>();
        for (AttributeChange change : replace.changes()) {
            replace.desired().replaceOn().stream()
                    .filter(name -> change.path().equals(name) || change.path().startsWith(name + "."))
                    .forEach(reasons::add);
        }
        return reasons;
    }

    private static void header(StringBuilder out, PlanChange change, String suffix) {
        out.append(change.action().symbol()).append(' ').append(change.action().verb()).append(' ')
                .append(change.key()).append(suffix).append('\n');
    }

    private static void leaves(StringBuilder out, Map<String, Object> attributes, String prefix) {
        attributes.forEach((name, value) -> {
            if (value instanceof Map<?, ?> nested && !nested.isEmpty()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) nested;
                leaves(out, typed, prefix + name + ".");
            } else {
                out.append(INDENT).append("+ ").append(prefix).append(name).append(" = ");
                out.append(value instanceof Secret ? "(sensitive value)" : render(value)).append('\n');
            }
        });
    }

    private static void changeLine(StringBuilder out, AttributeChange change) {
        out.append(INDENT).append("~ ").append(change.path()).append(": ");
        if (change.sensitive()) {
            out.append("(sensitive value changed)");
        } else {
            out.append(side(change.before())).append(" -> ").append(side(change.after()));
        }
        out.append('\n');
    }

    private static String side(Optional<Object> value) {
        return value.map(PlanPrinter::render).orElse("(none)");
    }

    /** A value as shown to people (the plan, the console); secrets at any depth are masked. */
    public static String render(Object value) {
        if (value instanceof Secret) {
            return "(sensitive value)";
        }
        if (value instanceof OutputRef) {
            return "(known after apply)";
        }
        if (value instanceof String s) {
            return s.length() > MAX_INLINE ? abbreviate(s) : quote(s);
        }
        if (value instanceof List<?> l) {
            return l.stream().map(PlanPrinter::render).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map<?, ?> m) {
            return m.entrySet().stream().map(e -> e.getKey() + " = " + render(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return String.valueOf(value);
    }

    private static String abbreviate(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return quote(s.substring(0, 24) + "…") + " (" + s.length() + " chars, sha256:"
                    + HexFormat.of().formatHex(digest, 0, 6) + ")";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    /** Escaped as every name scephub prints ({@link DisplayName}); the length is handled by {@link #abbreviate}. */
    private static String quote(String s) {
        return '"' + DisplayName.escape(s, Integer.MAX_VALUE) + '"';
    }
}
