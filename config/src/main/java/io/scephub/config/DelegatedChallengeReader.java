package io.scephub.config;

import io.scephub.core.cert.X509Parser;
import io.scephub.core.challenge.ChallengeSigner;
import io.scephub.core.challenge.ChallengeTrust;
import io.scephub.core.challenge.JwsAlgorithm;
import io.scephub.core.model.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code delegatedChallenge:} (DELEGATED-CHALLENGE.md, "Trust configuration") into the core's
 * {@link ChallengeTrust}: trust anchors and signer keys are read from files relative to the config
 * file, so a broken file is reported at the line that names it.
 */
final class DelegatedChallengeReader {
    static final String SECTION = "delegatedChallenge";
    static final List<String> KEYS = List.of("maxLifetime", "clockSkew", "signers");
    static final List<String> SIGNER_KEYS = List.of("issuer", "audience", "algorithms", "trustAnchors", "requiredSignerEku",
            "keys", "requireKeyBinding", "platform", "enrollment");
    private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");
    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final List<String> KEY_ALGORITHMS = List.of("EC", "RSA", "Ed25519");

    private final Problems problems;
    private final Values values;
    private final Path baseDir;
    private final ChainReader chains;

    DelegatedChallengeReader(Problems problems, Values values, Path baseDir) {
        this.problems = problems;
        this.values = values;
        this.baseDir = baseDir;
        this.chains = new ChainReader(problems);
    }

    /** The trust configuration of a file without tenants:, or empty when it has problems (they are reported). */
    Optional<ChallengeTrust> read(Node node, Set<String> enrollmentNames) {
        return read(node, "", enrollmentNames);
    }

    /**
     * The trust configuration at {@code prefix + "delegatedChallenge"} (a tenant's is {@code tenants[i].delegatedChallenge}),
     * its {@code enrollment:} references checked against {@code enrollmentNames}; empty when it has problems (they are reported).
     */
    Optional<ChallengeTrust> read(Node node, String prefix, Set<String> enrollmentNames) {
        int before = problems.count();
        Optional<YamlMap> read = YamlMap.read(node, prefix + SECTION, KEYS, problems);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        YamlMap map = read.get();
        Duration maxLifetime = map.get("maxLifetime").flatMap(n -> values.duration(n, map.pathOf("maxLifetime")))
                .orElse(ChallengeTrust.DEFAULT_MAX_LIFETIME);
        Duration clockSkew = map.get("clockSkew").flatMap(n -> values.durationOrZero(n, map.pathOf("clockSkew"), "a duration such as 60s or 0s"))
                .orElse(ChallengeTrust.DEFAULT_CLOCK_SKEW);
        if (!map.has("signers")) {
            map.missing("signers", "a list of trusted MDM signers ({issuer, audience, algorithms, trustAnchors or keys})", problems);
        }
        List<Node> signerNodes = new ArrayList<>();
        List<ChallengeSigner> signers = map.get("signers").flatMap(n -> values.list(n, map.pathOf("signers"),
                "signers ({issuer, audience, algorithms, ...})", (item, path) -> {
                    signerNodes.add(item);
                    return signer(item, path, enrollmentNames, prefix.isEmpty() ? "in this file" : "of this tenant");
                })).orElse(List.of());
        if (problems.count() != before) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ChallengeTrust(maxLifetime, clockSkew, signers));
        } catch (IllegalArgumentException e) {
            // The core words its messages as "delegatedChallenge.signers[i]...: ..."; place them at that signer.
            String message = e.getMessage();
            Matcher m = Pattern.compile("^(delegatedChallenge(?:\\.signers\\[(\\d+)])?[^:]*): (.*)$").matcher(message);
            if (m.matches()) {
                Node at = m.group(2) != null && Integer.parseInt(m.group(2)) < signerNodes.size()
                        ? signerNodes.get(Integer.parseInt(m.group(2))) : node;
                problems.at(at, prefix + m.group(1), m.group(3));
            } else {
                problems.at(node, prefix + SECTION, message);
            }
            return Optional.empty();
        }
    }

    private Optional<ChallengeSigner> signer(Node node, String path, Set<String> enrollmentNames, String where) {
        int before = problems.count();
        Optional<YamlMap> read = YamlMap.read(node, path, SIGNER_KEYS, problems);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        YamlMap map = read.get();
        Optional<String> issuer = required(map, "issuer", "the iss its tokens carry, e.g. \"intune:<tenant id>\"");
        Optional<String> audience = required(map, "audience", "the SCEP configuration its tokens are for, e.g. \"okta-scep:windows-delegated\"");
        if (!map.has("algorithms")) {
            map.missing("algorithms", "a list of " + algorithmNames(), problems);
        }
        Set<JwsAlgorithm> algorithms = map.get("algorithms").flatMap(n -> algorithms(n, map.pathOf("algorithms")))
                .map(Set::copyOf).orElse(Set.of());
        List<X509Certificate> anchors = map.get("trustAnchors").flatMap(n -> values.list(n, map.pathOf("trustAnchors"),
                "certificate files (PEM or DER)", this::anchors)).map(lists -> lists.stream().flatMap(List::stream).toList())
                .orElse(List.of());
        Optional<String> eku = map.get("requiredSignerEku").flatMap(n -> values.nonBlank(n, map.pathOf("requiredSignerEku"),
                "a dotted OID such as 1.3.6.1.5.5.7.3.3").flatMap(v -> {
                    if (OID.matcher(v.trim()).matches()) {
                        return Optional.of(v.trim());
                    }
                    problems.at(n, map.pathOf("requiredSignerEku"), Values.quote(v) + " is not a dotted OID such as 1.3.6.1.5.5.7.3.3");
                    return Optional.empty();
                }));
        Map<String, PublicKey> keys = map.get("keys").flatMap(n -> keys(n, map.pathOf("keys"))).orElse(Map.of());
        boolean keyBinding = map.get("requireKeyBinding").flatMap(n -> values.bool(n, map.pathOf("requireKeyBinding"))).orElse(false);
        Optional<Platform> platform = map.get("platform")
                .flatMap(n -> values.oneOf(n, map.pathOf("platform"), List.of("macos", "windows")))
                .flatMap(Platform::fromConfigName);
        Optional<String> enrollment = map.get("enrollment").flatMap(n -> values.nonBlank(n, map.pathOf("enrollment"),
                "the name of an enrollment " + where).flatMap(v -> {
                    if (enrollmentNames.contains(v)) {
                        return Optional.of(v);
                    }
                    problems.at(n, map.pathOf("enrollment"), Values.quote(v) + " is not the name of an enrollment " + where
                            + Suggestions.closest(v, enrollmentNames).map(s -> "; did you mean \"" + s + "\"?").orElse(""));
                    return Optional.empty();
                }));
        if (!map.has("trustAnchors") && !map.has("keys")) {
            problems.at(map.node(), path, "needs trustAnchors (roots for x5c tokens) or keys (public keys for kid tokens)");
        }
        if (problems.count() != before || issuer.isEmpty() || audience.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ChallengeSigner(issuer.get(), audience.get(), algorithms, anchors, eku, keys, keyBinding,
                platform, enrollment));
    }

    private Optional<String> required(YamlMap map, String key, String expected) {
        if (!map.has(key)) {
            map.missing(key, expected, problems);
            return Optional.empty();
        }
        return map.get(key).flatMap(n -> values.nonBlank(n, map.pathOf(key), expected));
    }

    private Optional<List<JwsAlgorithm>> algorithms(Node node, String path) {
        Set<JwsAlgorithm> seen = new LinkedHashSet<>();
        Optional<List<JwsAlgorithm>> list = values.list(node, path, "JWS algorithms", (item, itemPath) ->
                values.text(item, itemPath, "one of " + algorithmNames()).flatMap(v -> {
                    Optional<JwsAlgorithm> alg = JwsAlgorithm.fromJoseName(v.trim());
                    if (alg.isEmpty()) {
                        problems.at(item, itemPath, Values.quote(v) + " is not a supported algorithm; expected one of "
                                + algorithmNames() + " (none and HMAC algorithms are never accepted)");
                        return Optional.empty();
                    }
                    if (!seen.add(alg.get())) {
                        problems.at(item, itemPath, Values.quote(v) + " is listed twice");
                        return Optional.empty();
                    }
                    return alg;
                }));
        if (list.isPresent() && list.get().isEmpty()) {
            problems.at(node, path, "is empty; expected at least one of " + algorithmNames());
            return Optional.empty();
        }
        return list;
    }

    private static String algorithmNames() {
        return String.join(", ", Arrays.stream(JwsAlgorithm.values()).map(JwsAlgorithm::joseName).toList());
    }

    private Optional<List<X509Certificate>> anchors(Node item, String path) {
        return values.nonBlank(item, path, "a certificate file (PEM or DER), relative to this file")
                .flatMap(written -> chains.read(baseDir, written.trim(), item, path))
                .flatMap(ders -> {
                    List<X509Certificate> out = new ArrayList<>();
                    for (byte[] der : ders) {
                        parseCertificate(der).ifPresent(out::add);
                    }
                    return Optional.of(out);
                });
    }

    private Optional<Map<String, PublicKey>> keys(Node node, String path) {
        // Key ids are free-form, so the mapping is read with "any key allowed"; duplicates are still caught.
        if (!(node instanceof org.yaml.snakeyaml.nodes.MappingNode mapping)) {
            problems.at(node, path, "expected a mapping of key id to public-key file (kid: certs/signer.pem), found "
                    + Values.describe(node));
            return Optional.empty();
        }
        List<String> ids = mapping.getValue().stream()
                .filter(t -> t.getKeyNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode)
                .map(t -> ((org.yaml.snakeyaml.nodes.ScalarNode) t.getKeyNode()).getValue()).toList();
        Optional<YamlMap> read = YamlMap.read(node, path, new LinkedHashSet<>(ids), problems);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        YamlMap map = read.get();
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        boolean ok = true;
        for (String kid : map.keys()) {
            Node value = map.get(kid).orElseThrow();
            String kidPath = map.pathOf(kid);
            if (kid.isBlank()) {
                problems.at(map.keyNode(kid).orElse(node), kidPath, "a key id must not be empty");
                ok = false;
                continue;
            }
            Optional<PublicKey> key = values.nonBlank(value, kidPath, "a public-key or certificate file (PEM), relative to this file")
                    .flatMap(written -> publicKey(written.trim(), value, kidPath));
            if (key.isPresent()) {
                keys.put(kid, key.get());
            } else {
                ok = false;
            }
        }
        return ok ? Optional.of(keys) : Optional.empty();
    }

    private Optional<PublicKey> publicKey(String writtenInFile, Node node, String path) {
        String written = Values.path(writtenInFile);
        // A directory is no key file: it is reported like a missing one.
        Optional<Path> found = ConfigFile.regular(baseDir, writtenInFile, node, path, problems,
                file -> "file " + written + " not found (looked for " + Values.path(file.toAbsolutePath()) + ")");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Path file = found.get();
        String text;
        try {
            byte[] bytes = ConfigFile.readAtMost(file, ConfigFile.MAX_BYTES);
            if (bytes.length > ConfigFile.MAX_BYTES) {
                problems.at(node, path, written + " is larger than 1 MiB; a public key or certificate is a few kilobytes");
                return Optional.empty();
            }
            text = new String(bytes, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            problems.at(node, path, "cannot read " + written + " (" + e.getClass().getSimpleName() + ")");
            return Optional.empty();
        }
        if (text.contains("PRIVATE KEY-----")) {
            problems.at(node, path, written + " contains a private key; configure only the signer's public key or certificate");
            return Optional.empty();
        }
        Matcher m = PEM_BLOCK.matcher(text);
        if (!m.find()) {
            problems.at(node, path, written + " holds no complete PEM block; expected -----BEGIN PUBLIC KEY----- or -----BEGIN CERTIFICATE-----");
            return Optional.empty();
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            problems.at(node, path, "the PEM block in " + written + " is not valid base64");
            return Optional.empty();
        }
        String type = m.group(1);
        if (m.find()) {
            problems.at(node, path, written + " holds more than one PEM block; expected exactly one public key or certificate");
            return Optional.empty();
        }
        if (type.equals("CERTIFICATE")) {
            Optional<X509Certificate> certificate = parseCertificate(der);
            if (certificate.isEmpty()) {
                problems.at(node, path, "the certificate in " + written + " cannot be parsed as X.509");
            }
            return certificate.map(X509Certificate::getPublicKey);
        }
        if (!type.equals("PUBLIC KEY")) {
            problems.at(node, path, written + " holds a \"" + type + "\" block; expected PUBLIC KEY (SubjectPublicKeyInfo) or CERTIFICATE");
            return Optional.empty();
        }
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return Optional.of(KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der)));
            } catch (GeneralSecurityException e) {
                // not this key type; try the next
            }
        }
        problems.at(node, path, "the public key in " + written + " is not an EC, RSA or Ed25519 SubjectPublicKeyInfo");
        return Optional.empty();
    }

    private static Optional<X509Certificate> parseCertificate(byte[] der) {
        try {
            return Optional.of(X509Parser.parse(der));
        } catch (CertificateException e) {
            return Optional.empty();
        }
    }
}
