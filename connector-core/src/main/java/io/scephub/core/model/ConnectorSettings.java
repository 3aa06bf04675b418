package io.scephub.core.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * One connector's validated section of scephub.yaml, flattened to dotted keys
 * ({@code auth.oauth.clientId}). Values are typed by the connector's {@link SettingsSchema}:
 * String, Long, Boolean, Duration, List of String, or {@link SecretRef} for secrets.
 *
 * @param section where the section sits in the file, e.g. {@code mdm.intune}
 */
public record ConnectorSettings(String connectorId, String section, Map<String, Object> values) {
    public ConnectorSettings {
        values = Map.copyOf(values);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public String string(String key) {
        return optionalString(key).orElseThrow(() -> missing(key));
    }

    public Optional<String> optionalString(String key) {
        return Optional.ofNullable(values.get(key)).map(Object::toString);
    }

    public long number(String key) {
        return ((Number) require(key)).longValue();
    }

    public boolean bool(String key) {
        return (Boolean) require(key);
    }

    public Duration duration(String key) {
        return (Duration) require(key);
    }

    @SuppressWarnings("unchecked")
    public List<String> list(String key) {
        Object v = values.get(key);
        return v == null ? List.of() : (List<String>) v;
    }

    public SecretRef secret(String key) {
        return optionalSecret(key).orElseThrow(() -> missing(key));
    }

    public Optional<SecretRef> optionalSecret(String key) {
        return Optional.ofNullable((SecretRef) values.get(key));
    }

    private Object require(String key) {
        Object v = values.get(key);
        if (v == null) {
            throw missing(key);
        }
        return v;
    }

    private NoSuchElementException missing(String key) {
        return new NoSuchElementException(section + "." + key + " is not set");
    }
}
