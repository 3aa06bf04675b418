package io.scephub.core.spi;

import io.scephub.core.model.DesiredState;
import java.util.List;
import java.util.Optional;

/**
 * A connector capability: HTTP endpoints a vendor calls on scephub (e.g. Jamf's SCEPChallenge
 * webhook), served by {@code scephub serve} under {@code /hooks/<connector id>}. Each endpoint
 * authenticates its caller itself; the hub adds no bearer token check there.
 */
public interface InboundEndpoints {

    /** The endpoints for this configuration; {@code challenges} is present when the identity connector offers them. */
    List<InboundEndpoint> endpoints(DesiredState state, Optional<DynamicChallengeSource> challenges);
}
