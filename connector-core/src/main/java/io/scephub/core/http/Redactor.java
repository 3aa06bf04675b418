package io.scephub.core.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in text meant for logs, errors and reports: every registered secret value (and its
 * URL-encoded forms), plus well-known credential shapes — Authorization header values (SSWS,
 * Bearer, Basic, DPoP), form/query parameters and JSON members named like secrets
 * ({@code client_secret}, {@code client_assertion}, {@code password}, {@code access_token}, ...).
 * Thread-safe; one instance is shared by everything that writes output.
 */
public final class Redactor {

    public static final String MASK = "***";

    /** Names that mark a value as a credential wherever they appear as a key. */
    private static final String SECRET_NAME =
            "[A-Za-z0-9_-]*(?:secret|password|passwd|token|assertion|challenge|api[_-]?key)[A-Za-z0-9_-]*";

    private static final Pattern AUTHORIZATION_HEADER = Pattern.compile(
            "(?i)((?:proxy-)?authorization[\"']?\\s*[:=]\\s*[\"']?)(?:(SSWS|Bearer|Basic|DPoP|Digest)\\s+)?[^\\s\"',;]+");
    private static final Pattern SCHEME_TOKEN = Pattern.compile(
            "(?i)\\b(SSWS|Bearer|DPoP)\\s+(?!\\*\\*\\*)[A-Za-z0-9._~+/=-]{6,}");
    private static final Pattern JSON_MEMBER = Pattern.compile(
            "(?i)(\"" + SECRET_NAME + "\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern FORM_PARAMETER = Pattern.compile(
            "(?i)(?<![A-Za-z0-9_-])(" + SECRET_NAME + ")=[^&\\s\"',;]*");

    private final Set<String> secrets = ConcurrentHashMap.newKeySet();

    /** Registers a secret value; blank values are ignored because masking them would mask everything. */
    public void register(String secretValue) {
        if (secretValue == null || secretValue.isBlank()) {
            return;
        }
        secrets.add(secretValue);
        // The same value travels URL-encoded in query strings and form bodies.
        String formEncoded = URLEncoder.encode(secretValue, StandardCharsets.UTF_8);
        secrets.add(formEncoded);
        secrets.add(formEncoded.replace("+", "%20"));
    }

    /** The text with every registered secret and every well-known credential shape replaced by {@value #MASK}. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        // Longest first, so a secret containing another is masked whole, not left half visible.
        List<String> bySize = secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        for (String secret : bySize) {
            result = result.replace(secret, MASK);
        }
        result = AUTHORIZATION_HEADER.matcher(result).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1) + (m.group(2) == null ? "" : m.group(2) + " ") + MASK));
        result = SCHEME_TOKEN.matcher(result).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + " " + MASK));
        result = JSON_MEMBER.matcher(result).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "\"" + MASK + "\""));
        result = FORM_PARAMETER.matcher(result).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "=" + MASK));
        return result;
    }
}
