package io.scephub.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What a webhook can be told about; the spelling is the config's and the payload's {@code type}. */
public enum NotificationEvent {
    /** A sync in {@code alert} mode found resources that differ from scephub.yaml. */
    DRIFT("drift"),
    /** A sync ended {@code failed} or {@code partial}. */
    SYNC_FAILED("sync-failed"),
    /** A credential scephub holds a reference to expires within {@code expiry.warnBefore}. */
    EXPIRY("expiry");

    private final String value;

    NotificationEvent(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    static List<String> names() {
        return Arrays.stream(values()).map(NotificationEvent::value).toList();
    }

    static Optional<NotificationEvent> of(String value) {
        return Arrays.stream(values()).filter(e -> e.value.equals(value)).findFirst();
    }
}
