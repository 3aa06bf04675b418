package io.scephub.sandbox;

import java.time.Instant;

/**
 * One request as the sandbox saw it. {@code status} is 0 when the connection was reset;
 * {@code faulted} says an injected fault (not the simulator) produced the answer.
 */
public record RecordedRequest(Instant time, Vendor vendor, String method, String path, String query,
                              int status, boolean faulted) {
}
