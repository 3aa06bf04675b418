package io.scephub.core.http;

import java.io.IOException;
import okhttp3.Request;
import okhttp3.Response;

/** What a vendor knows about its OAuth client-credentials token endpoint: the request, the answer and the error. */
public interface TokenEndpoint {

    /** A fresh token request (the vendor registers any one-time value it signs, e.g. a client assertion, for redaction). */
    Request request();

    /**
     * The token in {@code response} with its lifetime, or the vendor's error for a refusal or an answer without a token.
     *
     * @param body the response body as text ("" when there is none)
     */
    IssuedToken answer(Response response, String body) throws IOException;

    /** The vendor's error for a token request that got no answer (or an unreadable one). */
    RuntimeException noAnswer(IOException cause);
}
