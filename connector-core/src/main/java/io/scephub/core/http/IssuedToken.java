package io.scephub.core.http;

import io.scephub.core.model.Secret;
import java.time.Duration;

/** An access token as a token endpoint issued it, with how long it lives from the request. */
public record IssuedToken(Secret value, Duration lifetime) {
}
