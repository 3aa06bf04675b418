package io.scephub.sandbox;

import java.time.Instant;

/**
 * One request as the sandbox saw it. {@code status} is 0 when the connection was reset;
 * {@code faulted} says an injected fault (not the simulator) produced the answer.
 * {@code clientRequestId} is the client's {@code client-request-id} header (empty when absent):
 * a client that keeps it across retries lets tests tell a retry from a new call.
 * {@code authorization} is the {@code Authorization} header as sent (empty when absent), so tests
 * can check which credential each call carried; the journal lives in memory for tests only.
 */
public record RecordedRequest(Instant time, Vendor vendor, String method, String path, String query,
                              int status, boolean faulted, String clientRequestId, String authorization) {
}
