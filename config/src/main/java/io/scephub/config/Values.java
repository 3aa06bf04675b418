package io.scephub.config;

import io.scephub.core.model.SecretRef;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads typed values out of YAML nodes, reporting what was expected when a value does not fit.
 * Values of secret settings are never put into a message.
 */
final class Values {
    static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    static final Pattern SECRET_REF = Pattern.compile("\\$\\{(env|file):(.*)}");
    static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final Pattern DURATION = Pattern.compile("([1-9][0-9]{0,8})(ms|s|m|h|d|y)");
    static final Pattern ZERO_DURATION = Pattern.compile("0[smhdy]?");
    static final Pattern PERIOD = Pattern.compile("([1-9][0-9]{0,5})(d|m|y)");
    static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");
    static final String SECRET_INLINE = "secrets must be given by reference (${env:NAME} or ${file:path}), not inline";

    private final Problems problems;

    Values(Problems problems) {
        this.problems = problems;
    }

    /** How a node looks, for "found ..." in messages; never its content. */
    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node.getTag().equals(Tag.NULL)) {
            return "no value";
        }
        if (node.getTag().equals(Tag.INT) || node.getTag().equals(Tag.FLOAT)) {
            return "a number";
        }
        if (node.getTag().equals(Tag.BOOL)) {
            return "a boolean";
        }
        return "a text value";
    }

    /** Any non-empty scalar as text; YAML numbers and booleans keep the spelling the user wrote. */
    Optional<String> text(Node node, String path, String expected) {
        if (!(node instanceof ScalarNode scalar) || node.getTag().equals(Tag.NULL)) {
            problems.at(node, path, "expected " + expected + ", found " + describe(node));
            return Optional.empty();
        }
        return Optional.of(scalar.getValue());
    }

    Optional<String> nonBlank(Node node, String path, String expected) {
        Optional<String> text = text(node, path, expected);
        if (text.isPresent() && text.get().isBlank()) {
            problems.at(node, path, "is empty; expected " + expected);
            return Optional.empty();
        }
        return text;
    }

    Optional<String> oneOf(Node node, String path, List<String> allowed) {
        return text(node, path, "one of " + String.join(", ", allowed)).flatMap(v -> {
            if (allowed.contains(v)) {
                return Optional.of(v);
            }
            problems.at(node, path, quote(v) + " is not one of " + String.join(", ", allowed));
            return Optional.empty();
        });
    }

    Optional<String> url(Node node, String path) {
        return text(node, path, "an absolute http(s) URL").flatMap(v -> {
            if (isAbsoluteHttpUrl(v)) {
                return Optional.of(v);
            }
            problems.at(node, path, quote(v) + " is not an absolute http(s) URL; expected e.g. https://example.okta.com"
                    + referenceHint(v));
            return Optional.empty();
        });
    }

    static boolean isAbsoluteHttpUrl(String v) {
        try {
            URI uri = new URI(v);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    Optional<String> uuid(Node node, String path) {
        return text(node, path, "a UUID").flatMap(v -> {
            if (UUID.matcher(v).matches()) {
                return Optional.of(v.toLowerCase(Locale.ROOT));
            }
            problems.at(node, path, quote(v) + " is not a UUID; expected 8-4-4-4-12 hex digits, e.g. 00000000-0000-0000-0000-000000000000"
                    + referenceHint(v));
            return Optional.empty();
        });
    }

    Optional<Long> integer(Node node, String path) {
        if (node instanceof ScalarNode scalar && node.getTag().equals(Tag.INT) && INTEGER.matcher(scalar.getValue()).matches()) {
            return Optional.of(Long.parseLong(scalar.getValue()));
        }
        if (node instanceof ScalarNode scalar && !node.getTag().equals(Tag.NULL)) {
            problems.at(node, path, quote(scalar.getValue()) + " is not a whole number; expected e.g. 2048");
        } else {
            problems.at(node, path, "expected a whole number, found " + describe(node));
        }
        return Optional.empty();
    }

    Optional<Long> integerBetween(Node node, String path, long min, long max) {
        return integer(node, path).flatMap(v -> {
            if (v >= min && v <= max) {
                return Optional.of(v);
            }
            problems.at(node, path, v + " is out of range; expected " + min + " to " + max);
            return Optional.empty();
        });
    }

    Optional<Boolean> bool(Node node, String path) {
        if (node instanceof ScalarNode scalar && !node.getTag().equals(Tag.NULL)) {
            String v = scalar.getValue();
            if (node.getTag().equals(Tag.BOOL) && (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false"))) {
                return Optional.of(Boolean.parseBoolean(v));
            }
            problems.at(node, path, quote(v) + " is not a boolean; expected true or false");
        } else {
            problems.at(node, path, "expected true or false, found " + describe(node));
        }
        return Optional.empty();
    }

    Optional<Duration> duration(Node node, String path) {
        return text(node, path, "a duration such as 500ms, 30s, 15m, 12h, 90d or 1y").flatMap(v -> {
            Optional<Duration> parsed = parseDuration(v);
            if (parsed.isEmpty()) {
                problems.at(node, path, quote(v) + " is not a duration; expected a positive number followed by ms, s, m, h, d or y (500ms, 30s, 15m, 12h, 90d, 1y)");
            }
            return parsed;
        });
    }

    /** A duration as {@link #duration} reads it, or zero written as {@code 0} or {@code 0s} (also {@code 0m}, {@code 0h}, ...). */
    Optional<Duration> durationOrZero(Node node, String path, String expected) {
        return text(node, path, expected).flatMap(v -> {
            if (ZERO_DURATION.matcher(v.trim()).matches()) {
                return Optional.of(Duration.ZERO);
            }
            Optional<Duration> parsed = parseDuration(v);
            if (parsed.isEmpty()) {
                problems.at(node, path, quote(v) + " is not a duration; expected 0 or a positive number followed by ms, s, m, h, d or y"
                        + " (0, 500ms, 30s, 15m, 12h)");
            }
            return parsed;
        });
    }

    /** {@code 500ms}, {@code 30s}, {@code 15m}, {@code 12h}, {@code 90d}, {@code 1y} (365 days). */
    static Optional<Duration> parseDuration(String v) {
        Matcher m = DURATION.matcher(v.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        if (n <= 0) {
            return Optional.empty();
        }
        return Optional.of(switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(365 * n);
        });
    }

    Optional<Period> period(Node node, String path) {
        return text(node, path, "a period such as 365d, 12m or 1y").flatMap(v -> {
            Matcher m = PERIOD.matcher(v.trim());
            if (m.matches() && Integer.parseInt(m.group(1)) > 0) {
                int n = Integer.parseInt(m.group(1));
                return Optional.of(switch (m.group(2)) {
                    case "d" -> Period.ofDays(n);
                    case "m" -> Period.ofMonths(n);
                    default -> Period.ofYears(n);
                });
            }
            problems.at(node, path, quote(v) + " is not a certificate validity; expected a positive number followed by d, m or y (365d, 12m, 1y)");
            return Optional.empty();
        });
    }

    /** A list of scalars; each element is read by {@code element}, which reports its own problems. */
    <T> Optional<List<T>> list(Node node, String path, String expected, ElementReader<T> element) {
        if (!(node instanceof SequenceNode sequence)) {
            problems.at(node, path, "expected a list of " + expected + ", found " + describe(node));
            return Optional.empty();
        }
        List<T> out = new ArrayList<>();
        boolean ok = true;
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            Optional<T> item = element.read(items.get(i), path + "[" + i + "]");
            if (item.isPresent()) {
                out.add(item.get());
            } else {
                ok = false;
            }
        }
        return ok ? Optional.of(out) : Optional.empty();
    }

    Optional<List<String>> stringList(Node node, String path) {
        return list(node, path, "text values", (item, itemPath) -> nonBlank(item, itemPath, "a text value"));
    }

    /**
     * A secret reference. A literal is refused without being shown: it is probably the secret
     * itself, and this message ends up in terminals and CI logs.
     */
    Optional<SecretRef> secretRef(Node node, String path) {
        if (!(node instanceof ScalarNode scalar) || node.getTag().equals(Tag.NULL)) {
            problems.at(node, path, "expected a secret reference (${env:NAME} or ${file:path}), found " + describe(node));
            return Optional.empty();
        }
        String v = scalar.getValue().trim();
        Optional<SecretRef> ref = parseSecretRef(v);
        if (ref.isPresent()) {
            return ref;
        }
        if (v.startsWith("${")) {
            problems.at(node, path, "is not a valid secret reference; expected ${env:NAME} (NAME of letters, digits and _) or ${file:path}");
        } else {
            problems.at(node, path, SECRET_INLINE);
        }
        return Optional.empty();
    }

    static Optional<SecretRef> parseSecretRef(String v) {
        Matcher m = SECRET_REF.matcher(v.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        String name = m.group(2).trim();
        if (m.group(1).equals("env")) {
            return ENV_NAME.matcher(name).matches() ? Optional.of(new SecretRef(SecretRef.Source.ENV, name)) : Optional.empty();
        }
        return name.isEmpty() ? Optional.empty() : Optional.of(new SecretRef(SecretRef.Source.FILE, name));
    }

    /** Longer values are cut here in messages: the message must stay one readable line. */
    static final int QUOTE_LIMIT = 40;

    /**
     * A value the user wrote, for a message: in quotes, control characters escaped so the message
     * stays on one line, and cut to {@value #QUOTE_LIMIT} characters with its full length after it.
     */
    static String quote(String v) {
        return "\"" + shorten(v) + "\"";
    }

    /** {@code v} escaped and cut as {@link #quote(String)} does, without the quotes (for keys in paths). */
    static String shorten(String v) {
        return shorten(v, QUOTE_LIMIT);
    }

    /** Paths stay readable whole up to this length; only absurd ones are cut. */
    static final int PATH_LIMIT = 200;

    /** A file path the user wrote (or its resolved form), cut only when absurdly long. */
    static String path(Object path) {
        return shorten(String.valueOf(path), PATH_LIMIT);
    }

    /** One escaping rule for everything scephub quotes: connector-core's {@link io.scephub.core.text.DisplayName}. */
    private static String shorten(String v, int limit) {
        return io.scephub.core.text.DisplayName.escape(v, limit);
    }

    private static String referenceHint(String v) {
        return v.startsWith("${") ? "; ${env:...} and ${file:...} references are only accepted in secret settings" : "";
    }

    /** Reads one list element at its own path. */
    @FunctionalInterface
    interface ElementReader<T> {
        Optional<T> read(Node item, String itemPath);
    }
}
