package io.scephub.okta;

import io.scephub.core.model.Secret;

/** Hands out a current OAuth access token, fetching a new one when asked or when the cached one is about to expire. */
interface AccessTokenSource {

    /** A token valid for a while longer (cached when possible). */
    Secret token();

    /** Forgets {@code rejected} so the next {@link #token()} fetches a new one (unless another thread already did). */
    void invalidate(Secret rejected);
}
