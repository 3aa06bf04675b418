package io.scephub.core.scep;

import java.net.URI;
import java.util.Optional;

/**
 * Which SCEP URLs scephub accepts: HTTPS, because devices send their challenge and the MDM its
 * dynamic-challenge credentials to it; plain HTTP only to {@code 127.0.0.1}, where the sandbox and
 * the tests' SCEP servers run and nothing leaves the machine.
 */
public final class ScepUrlRule {

    /** The one host plain HTTP is allowed to: the loopback address the sandbox binds. */
    public static final String LOOPBACK = "127.0.0.1";

    private ScepUrlRule() {
    }

    /** Empty when {@code url} is acceptable, else what is wrong with it. */
    public static Optional<String> problem(URI url) {
        if (url == null || url.getScheme() == null || url.getHost() == null) {
            return Optional.of("is not an absolute URL with a host");
        }
        String scheme = url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("https")) {
            return Optional.empty();
        }
        if (scheme.equals("http")) {
            return url.getHost().equals(LOOPBACK) ? Optional.empty()
                    : Optional.of("uses plain http; devices must reach Okta's SCEP service over https (plain http is allowed only to "
                            + LOOPBACK + ", the sandbox)");
        }
        return Optional.of("uses the scheme " + scheme + "; expected https");
    }
}
