package io.scephub.okta;

import io.scephub.core.http.QuotaHeaders;
import io.scephub.core.http.QuotaWindows;
import java.time.Duration;
import java.util.Optional;
import okhttp3.Request;

/**
 * Okta's management rate limits as Okta counts them: per org, per endpoint bucket, per calendar
 * minute, reported on every response in {@code X-Rate-Limit-Limit/-Remaining/-Reset}. The permits
 * are the lowest published per-minute limit of each bucket (Integrator Free Plan) until Okta's own
 * headers say otherwise; see docs/rate-limits.md and this module's README for the sources.
 */
final class OktaRateLimits {
    /** developer.okta.com "Management rate limits": {@code /api/v1/certificateAuthorities} 100 (150 on Enterprise). */
    static final QuotaWindows.Bucket CERTIFICATE_AUTHORITIES = new QuotaWindows.Bucket(OktaPaths.CERTIFICATE_AUTHORITIES, 100);
    /**
     * {@code GET /api/v1/certificateAuthorities/{caId}/cert}: the chain read is an endpoint of its own in
     * Okta's rate limit dashboard, not the create/list bucket; its limit is not in the published table,
     * so the lowest number there (100) is assumed until Okta's headers report it (unverified).
     */
    static final QuotaWindows.Bucket CA_CHAIN = new QuotaWindows.Bucket(
            OktaPaths.CERTIFICATE_AUTHORITIES + "/{caId}/" + OktaPaths.CHAIN, 100);
    /** "Create or list groups: /api/v1/groups except /api/v1/groups/{id}": 100 on the Integrator Free Plan. */
    static final QuotaWindows.Bucket GROUPS = new QuotaWindows.Bucket(OktaPaths.GROUPS, 100);
    /** "Get, update, or delete a group by ID: /api/v1/groups/{id} only": 100. */
    static final QuotaWindows.Bucket GROUP = new QuotaWindows.Bucket(OktaPaths.GROUPS + "/{id}", 100);
    /** "Most other API actions: /api/v1": 100. */
    static final QuotaWindows.Bucket OTHER = new QuotaWindows.Bucket(OktaPaths.API, 100);

    /** Calendar-minute windows per bucket, steered by Okta's headers on every response. */
    static final QuotaWindows QUOTAS = new QuotaWindows(Duration.ofMinutes(1), QuotaHeaders.okta(), OktaRateLimits::bucket);

    private static final String API = OktaPaths.API + "/";
    private static final String CAS = OktaPaths.CERTIFICATE_AUTHORITIES;
    private static final String GROUPS_PATH = OktaPaths.GROUPS;

    private OktaRateLimits() {
    }

    /** The management bucket a request counts against; the token endpoint is not a management bucket. */
    static Optional<QuotaWindows.Bucket> bucket(Request request) {
        String path = request.url().encodedPath();
        int api = path.indexOf(API);
        if (api < 0) {
            return Optional.empty();
        }
        String endpoint = path.substring(api);
        if (endpoint.equals(CAS) || endpoint.startsWith(CAS + "/")) {
            String[] rest = endpoint.substring(CAS.length()).split("/");
            // "", caId, "cert"
            boolean chainRead = rest.length == 3 && rest[2].equals(OktaPaths.CHAIN) && "GET".equals(request.method());
            return Optional.of(chainRead ? CA_CHAIN : CERTIFICATE_AUTHORITIES);
        }
        if (endpoint.equals(GROUPS_PATH)) {
            return Optional.of(GROUPS);
        }
        if (endpoint.startsWith(GROUPS_PATH + "/")) {
            return Optional.of(GROUP);
        }
        return Optional.of(OTHER);
    }
}
