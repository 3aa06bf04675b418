package io.scephub.okta;

import io.scephub.core.contract.ScepConfiguration;
import io.scephub.core.contract.ScepOutput;
import io.scephub.core.error.ChallengeUnavailable;
import io.scephub.core.error.ChallengeUnavailable.Reason;
import io.scephub.core.http.NoAnswer;
import io.scephub.core.model.Secret;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.ReadResult;
import io.scephub.core.spi.DynamicChallengeSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches one-time challenges from Okta's dynamic challenge URLs for {@code scephub serve} (Jamf's
 * SCEPChallenge webhook): {@code GET challengeUrl} with HTTP Basic (the configuration's username and
 * password) answers an NDES-style page holding the challenge (fleetdm/fleet, zentral; modelled, see
 * docs/contracts/okta-device-access.md). The credentials come from the configuration's references
 * (console mode) or, in API mode, from Okta's {@code resetPassword}, held in memory only: Okta shows a
 * password once and scephub stores none, so each {@code serve} process asks Okta for its own; a source that replaces
 * another in the same process (a tenant's session opened again on a reload) takes over the passwords the other obtained.
 */
final class OktaDynamicChallenges implements DynamicChallengeSource {
    private static final Logger LOG = LoggerFactory.getLogger(OktaDynamicChallenges.class);
    /** The NDES mscep_admin sentence Fleet's Okta client parses. */
    private static final Pattern CHALLENGE = Pattern.compile("(?is)enrollment challenge password is:\\s*<b>\\s*([^<\\s]+)\\s*</b>");
    private static final int MAX_PAGE = 64 * 1024;

    /** What scephub needs to fetch a challenge for one enrollment; the password is absent until asked for. */
    record Credentials(String enrollment, boolean console, String caId, String raId, String challengeUrl, String username,
                               Optional<Secret> password) {
        Credentials with(String newUsername, Secret newPassword) {
            return new Credentials(enrollment, console, caId, raId, challengeUrl, newUsername, Optional.of(newPassword));
        }

        /** Whether both name one registration authority managed through the API, at one challenge URL. */
        boolean sameAuthority(Credentials other) {
            return !console && !other.console && caId.equals(other.caId) && raId.equals(other.raId)
                    && challengeUrl.equals(other.challengeUrl);
        }

        @Override
        public String toString() {
            return "Credentials[enrollment=" + enrollment + ", ra=" + raId + "]";
        }
    }

    private final Supplier<ReadResult> read;
    private final Supplier<OktaDeviceAccessApi> api;
    private final OkHttpClient http;
    private final Consumer<String> redact;
    /** By SCEP URL; filled from a read of Okta on first use and after an unknown URL. */
    private final Map<String, Credentials> byScepUrl = new ConcurrentHashMap<>();
    /** Passwords a replaced source obtained from Okta, by SCEP URL: used for the same registration authority only. */
    private final Map<String, Credentials> carried;

    OktaDynamicChallenges(Supplier<ReadResult> read, Supplier<OktaDeviceAccessApi> api, OkHttpClient http, Consumer<String> redact) {
        this(read, api, http, redact, Map.of());
    }

    /** {@code carried}: what {@link #obtained()} of the source this one replaces returned. */
    OktaDynamicChallenges(Supplier<ReadResult> read, Supplier<OktaDeviceAccessApi> api, OkHttpClient http, Consumer<String> redact,
                          Map<String, Credentials> carried) {
        this.read = read;
        this.api = api;
        this.http = http;
        this.redact = redact;
        this.carried = Map.copyOf(carried);
    }

    /** The credentials this source obtained from Okta ({@code resetPassword}), by SCEP URL, for a source replacing it. */
    Map<String, Credentials> obtained() {
        Map<String, Credentials> obtained = new java.util.HashMap<>();
        byScepUrl.forEach((url, c) -> {
            if (!c.console() && c.password().isPresent()) {
                obtained.put(url, c);
            }
        });
        return obtained;
    }

    @Override
    public Secret challengeFor(String scepUrl) {
        Credentials credentials = credentials(scepUrl);
        Optional<String> page = fetch(credentials);
        if (page.isEmpty() && !credentials.console()) {
            // Another process (or an admin) reset the password since: ask Okta for a new one, once.
            credentials = reset(scepUrl, credentials);
            page = fetch(credentials);
        }
        if (page.isEmpty()) {
            throw new ChallengeUnavailable(Reason.REFUSED, "Okta refused the dynamic-challenge username and password of enrollment "
                    + credentials.enrollment() + " (HTTP 401 at its challenge URL); "
                    + (credentials.console() ? "reset the password in the Okta Admin Console (Device Access, Reset password) and "
                    + "update the enrollment's okta.password reference" : "Okta issued new credentials and refused them too"));
        }
        Matcher matcher = CHALLENGE.matcher(page.get());
        if (!matcher.find()) {
            throw new ChallengeUnavailable(Reason.NO_ANSWER, "Okta's challenge URL of enrollment " + credentials.enrollment()
                    + " answered a page without \"The enrollment challenge password is: <B> … </B>\"");
        }
        String challenge = matcher.group(1);
        redact.accept(challenge);
        return Secret.of(challenge, "a one-time challenge of enrollment " + credentials.enrollment());
    }

    private Credentials credentials(String scepUrl) {
        Credentials known = byScepUrl.get(scepUrl);
        if (known == null) {
            refresh();
            known = byScepUrl.get(scepUrl);
        }
        if (known == null) {
            throw new ChallengeUnavailable(Reason.UNKNOWN_SCEP_URL, "no enrollment with a dynamic challenge has the SCEP URL "
                    + scepUrl + " (scephub answers only for the SCEP configurations it manages)");
        }
        if (known.password().isEmpty()) {
            known = reset(scepUrl, known);
        }
        return known;
    }

    private synchronized void refresh() {
        for (ActualResource configuration : read.get().resources()) {
            Map<String, Object> out = configuration.outputs();
            if (!configuration.key().kind().equals(ScepConfiguration.KIND) || out.get(ScepOutput.CHALLENGE_URL.key()) == null) {
                continue;
            }
            boolean console = OktaConsole.CONSOLE_ID.equals(configuration.vendorId());
            Optional<Secret> password = out.get(ScepOutput.PASSWORD.key()) instanceof Secret s ? Optional.of(s) : Optional.empty();
            String scepUrl = String.valueOf(out.get(ScepOutput.SCEP_URL.key()));
            Credentials fresh = new Credentials(configuration.key().name(), console, String.valueOf(out.get(OktaConnector.OUT_CA_ID)),
                    String.valueOf(out.get(OktaConnector.OUT_RA_ID)), String.valueOf(out.get(ScepOutput.CHALLENGE_URL.key())),
                    String.valueOf(out.get(ScepOutput.USERNAME.key())), password);
            Credentials before = carried.get(scepUrl);
            if (password.isEmpty() && before != null && before.sameAuthority(fresh)) {
                // Obtained by the session this one replaced: resetting it again would only cost Okta a reset.
                fresh = fresh.with(before.username(), before.password().orElseThrow());
            }
            // A password this process already obtained from Okta stays: a read never reports one.
            byScepUrl.merge(scepUrl, fresh, (old, now) -> now.password().isPresent() || old.password().isEmpty() ? now
                    : new Credentials(now.enrollment(), now.console(), now.caId(), now.raId(), now.challengeUrl(), old.username(),
                    old.password()));
        }
    }

    private synchronized Credentials reset(String scepUrl, Credentials credentials) {
        if (credentials.console()) {
            throw new ChallengeUnavailable(Reason.REFUSED, "enrollment " + credentials.enrollment() + " is managed in the Okta "
                    + "Admin Console and has no okta.password reference; add the password the console showed");
        }
        DynamicCredentials issued = api.get().resetPassword(credentials.caId(), credentials.raId());
        redact.accept(issued.password().reveal());
        LOG.info("okta dynamic-challenge credentials renewed in memory enrollment={} ra={}", credentials.enrollment(),
                credentials.raId());
        Credentials renewed = credentials.with(issued.username(), issued.password());
        byScepUrl.put(scepUrl, renewed);
        return renewed;
    }

    /** The challenge page, or empty when Okta refused the credentials (401). */
    private Optional<String> fetch(Credentials credentials) {
        HttpUrl url = HttpUrl.parse(credentials.challengeUrl());
        if (url == null) {
            throw new ChallengeUnavailable(Reason.NO_ANSWER, "the challenge URL of enrollment " + credentials.enrollment()
                    + " is not an http(s) URL");
        }
        String basic = Base64.getEncoder().encodeToString((credentials.username() + ":" + credentials.password().orElseThrow().reveal())
                .getBytes(StandardCharsets.UTF_8));
        Request request = new Request.Builder().url(url).header("Authorization", "Basic " + basic).get().build();
        try (Response response = http.newCall(request).execute()) {
            if (response.code() == 401) {
                return Optional.empty();
            }
            if (response.code() != 200) {
                throw new ChallengeUnavailable(Reason.NO_ANSWER, "Okta's challenge URL of enrollment " + credentials.enrollment()
                        + " answered HTTP " + response.code() + " instead of a challenge");
            }
            ResponseBody body = response.body();
            byte[] bytes = body == null ? new byte[0] : body.byteStream().readNBytes(MAX_PAGE);
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ChallengeUnavailable(Reason.NO_ANSWER, "Okta's challenge URL of enrollment " + credentials.enrollment()
                    + " did not answer: " + NoAnswer.describe(e), e);
        }
    }
}
