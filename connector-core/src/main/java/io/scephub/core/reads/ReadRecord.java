package io.scephub.core.reads;

import java.time.Instant;
import java.util.Optional;

/**
 * One stored read, as the state store keeps it.
 *
 * @param format the connector's record format; a record of another format is not used
 * @param listing what the vendor's listing showed of the object when it was read
 * @param owned the owned object as JSON ({@link ActualResourceJson}), empty for someone else's object
 */
public record ReadRecord(String connector, String scope, String vendorId, int format, String listing, Instant readAt,
                         Optional<String> owned) {
}
