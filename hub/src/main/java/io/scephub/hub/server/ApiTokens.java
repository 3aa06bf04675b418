package io.scephub.hub.server;

import io.scephub.config.EnvFileSecrets;
import io.scephub.config.HubSettings;
import io.scephub.config.SecretResolver;
import io.scephub.core.error.SecretResolutionError;
import io.scephub.core.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The bearer tokens the REST server accepts, held only as SHA-256 digests. A presented token is
 * hashed and compared with every digest in constant time, so neither timing nor memory reveals
 * a configured token.
 */
public final class ApiTokens {
    private static final Pattern HEX_64 = Pattern.compile("[0-9a-fA-F]{64}");

    /** A client name, the digest of its token and the tenants it may act on (empty: all). */
    private record Client(String name, byte[] digest, List<String> tenants) {
    }

    private final List<Client> clients;

    private ApiTokens(List<Client> clients) {
        this.clients = List.copyOf(clients);
    }

    /**
     * Resolves {@code server.tokens}, all or nothing; a reference must resolve to 64 hex characters. An error names
     * the field ({@code server.tokens[0].sha256}), the token's name and the reference, never the value.
     */
    public static ApiTokens resolve(List<HubSettings.ApiToken> tokens, SecretResolver secrets) {
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            HubSettings.ApiToken token = tokens.get(i);
            String hex;
            if (token.sha256() instanceof HubSettings.TokenDigest.Hex h) {
                hex = h.value();
            } else {
                HubSettings.TokenDigest.Reference ref = (HubSettings.TokenDigest.Reference) token.sha256();
                String where = EnvFileSecrets.tokenPath(i) + " (token " + token.name() + ")";
                Secret secret;
                try {
                    secret = secrets.resolve(ref.ref());
                } catch (SecretResolutionError e) {
                    throw new SecretResolutionError(where + ": " + e.getMessage());
                }
                hex = secret.reveal().trim();
                if (!HEX_64.matcher(hex).matches()) {
                    throw new SecretResolutionError(where + ": " + ref.ref() + " does not hold 64 hex characters on one line;"
                            + " it must hold the token's SHA-256, not the token (printf %s \"$TOKEN\" | sha256sum | cut -d' ' -f1)");
                }
            }
            clients.add(new Client(token.name(), HexFormat.of().parseHex(hex.toLowerCase()), token.tenants()));
        }
        return new ApiTokens(clients);
    }

    /** For tests and embedding: clients by name with their plain tokens, hashed here. */
    public static ApiTokens ofPlainTokens(java.util.Map<String, String> tokensByName) {
        List<Client> clients = new ArrayList<>();
        tokensByName.forEach((name, token) -> clients.add(new Client(name, sha256(token), List.of())));
        return new ApiTokens(clients);
    }

    /** As {@link #ofPlainTokens(java.util.Map)}, each client restricted to the tenants {@code tenantsByName} lists for it. */
    public static ApiTokens ofPlainTokens(java.util.Map<String, String> tokensByName, java.util.Map<String, List<String>> tenantsByName) {
        List<Client> clients = new ArrayList<>();
        tokensByName.forEach((name, token) -> clients.add(new Client(name, sha256(token), tenantsByName.getOrDefault(name, List.of()))));
        return new ApiTokens(clients);
    }

    /** Whether {@code client} (a name {@link #authenticate} gave) may act on {@code tenant}. */
    public boolean allows(String client, String tenant) {
        return clients.stream().filter(c -> c.name().equals(client)).anyMatch(c -> c.tenants().isEmpty() || c.tenants().contains(tenant));
    }

    /** The client whose token {@code presented} is, if any; every digest is compared whatever matches. */
    public Optional<String> authenticate(String presented) {
        byte[] digest = sha256(presented);
        String match = null;
        for (Client client : clients) {
            if (MessageDigest.isEqual(digest, client.digest()) && match == null) {
                match = client.name();
            }
        }
        return Optional.ofNullable(match);
    }

    public boolean isEmpty() {
        return clients.isEmpty();
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "ApiTokens" + clients.stream().map(Client::name).toList();
    }
}
