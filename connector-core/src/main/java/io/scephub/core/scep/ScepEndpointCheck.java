package io.scephub.core.scep;

import io.scephub.core.check.CheckResult;
import io.scephub.core.http.HttpPolicy;
import io.scephub.core.http.RetryAfterSources;
import io.scephub.core.http.VendorHttp;
import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Checks one enrollment's SCEP URL with the protocol (RFC 8894): it is HTTPS ({@link ScepUrlRule}),
 * GetCACaps answers and lists POSTPKIOperation, SHA-256 and AES, and GetCACert answers by the
 * DER/PKCS#7 rules ({@link CaCertResponse}) with the CA certificates the enrollment expects (Okta's
 * CA or the configured custom chain, compared by SHA-256 like the CA-chain check). Calls go through
 * the shared resilient client, as vendor {@value #VENDOR}.
 */
public final class ScepEndpointCheck {

    public static final String VENDOR = "scep";
    public static final String URL = "scep.url";
    public static final String REACHABLE = "scep.reachable";
    public static final String CAPABILITIES = "scep.capabilities";
    public static final String CA_CERTIFICATE = "scep.ca-certificate";
    /** What scephub needs from Okta's SCEP service: POST for large requests, SHA-256 signatures, AES envelopes. */
    public static final List<String> REQUIRED_CAPABILITIES = List.of("POSTPKIOperation", "SHA-256", "AES");
    private static final int MAX_BODY = 1 << 20;

    private final OkHttpClient http;

    public ScepEndpointCheck(VendorHttp vendorHttp) {
        this.http = vendorHttp.client(VENDOR, HttpPolicy.defaults(), RetryAfterSources.retryAfterHeader(), List.of());
    }

    /**
     * The checks for {@code subject}'s {@code scepUrl}. {@code expectedChain} is the chain Okta
     * should present, issuing CA first ({@code chainLabel} names it, e.g. "Okta's CA"); empty: only
     * the format is checked. A failed URL or reachability check ends the list.
     */
    public List<CheckResult> check(String subject, String scepUrl, List<X509Certificate> expectedChain, String chainLabel) {
        List<CheckResult> results = new ArrayList<>();
        URI uri;
        try {
            uri = URI.create(scepUrl);
        } catch (IllegalArgumentException e) {
            results.add(CheckResult.fail(subject, URL, "SCEP URL \"" + scepUrl + "\" is not a URL", "Copy the SCEP URL again from Okta"));
            return results;
        }
        Optional<String> problem = ScepUrlRule.problem(uri);
        HttpUrl url = HttpUrl.parse(scepUrl);
        if (problem.isPresent() || url == null) {
            results.add(CheckResult.fail(subject, URL, "SCEP URL " + scepUrl + " " + problem.orElse("is not an http(s) URL"),
                    "Use the https SCEP URL Okta shows for the SCEP configuration"));
            return results;
        }
        results.add(CheckResult.pass(subject, URL, "SCEP URL " + scepUrl + (uri.getScheme().equalsIgnoreCase("https")
                ? " uses https" : " is plain http to " + ScepUrlRule.LOOPBACK + " (the sandbox)")));
        Answer caps;
        try {
            caps = get(url, "GetCACaps");
        } catch (ScepProtocolException e) {
            results.add(CheckResult.fail(subject, REACHABLE, e.getMessage(),
                    "Check that this machine reaches " + url.host() + " and that the SCEP configuration still exists in Okta"));
            return results;
        }
        results.add(CheckResult.pass(subject, REACHABLE, "GetCACaps answered HTTP 200"));
        results.add(capabilities(subject, caps));
        results.add(caCertificate(subject, url, expectedChain, chainLabel));
        return results;
    }

    private static CheckResult capabilities(String subject, Answer caps) {
        List<String> offered = Arrays.stream(new String(caps.body(), java.nio.charset.StandardCharsets.UTF_8).split("\\R"))
                .map(String::trim).filter(line -> !line.isEmpty()).toList();
        List<String> lower = offered.stream().map(cap -> cap.toLowerCase(Locale.ROOT)).toList();
        List<String> missing = REQUIRED_CAPABILITIES.stream().filter(cap -> !lower.contains(cap.toLowerCase(Locale.ROOT))).toList();
        if (missing.isEmpty()) {
            return CheckResult.pass(subject, CAPABILITIES, "GetCACaps lists " + String.join(", ", REQUIRED_CAPABILITIES)
                    + " (all: " + String.join(", ", offered) + ")");
        }
        return CheckResult.fail(subject, CAPABILITIES, "GetCACaps lacks " + String.join(", ", missing) + " (it lists "
                        + (offered.isEmpty() ? "nothing" : String.join(", ", offered)) + ")",
                "This is not Okta's SCEP service or it is misconfigured: check the SCEP URL in Okta's SCEP configuration");
    }

    private CheckResult caCertificate(String subject, HttpUrl url, List<X509Certificate> expected, String chainLabel) {
        CaCertResponse response;
        try {
            Answer answer = get(url, "GetCACert");
            response = CaCertResponse.read(answer.contentType(), answer.body());
        } catch (ScepProtocolException e) {
            return CheckResult.fail(subject, CA_CERTIFICATE, e.getMessage(), "Check the SCEP URL; Okta's SCEP service answers GetCACert by RFC 8894");
        }
        List<String> returned = response.caCertificates().stream().map(ScepEndpointCheck::sha256).toList();
        String format = response.certificates().size() + " certificate(s) as " + response.contentType();
        if (returned.isEmpty()) {
            return CheckResult.fail(subject, CA_CERTIFICATE, "GetCACert returned " + format + " but no CA certificate",
                    "Check the SCEP URL in Okta's SCEP configuration");
        }
        if (expected.isEmpty()) {
            return CheckResult.warn(subject, CA_CERTIFICATE, "GetCACert returned " + format + "; the chain it should match is unknown",
                    "Run scephub validate --online again once the SCEP configuration exists in Okta");
        }
        List<String> wanted = expected.stream().map(ScepEndpointCheck::sha256).toList();
        if (returned.contains(wanted.get(0)) && wanted.containsAll(returned)) {
            return CheckResult.pass(subject, CA_CERTIFICATE, "GetCACert returned " + format + "; its CA certificates are " + chainLabel
                    + " (SHA-256 match, issuing CA " + response.caCertificates().stream()
                    .filter(c -> sha256(c).equals(wanted.get(0))).findFirst().map(c -> c.getSubjectX500Principal().getName()).orElse("")
                    + ")");
        }
        return CheckResult.fail(subject, CA_CERTIFICATE, "GetCACert returned CA certificate(s) " + returned + ", but " + chainLabel
                        + " is " + wanted + " (SHA-256, issuing CA first)",
                "The SCEP URL belongs to another CA: use the SCEP URL of this enrollment's SCEP configuration, or upload the chain Okta should use");
    }

    private record Answer(String contentType, byte[] body) {
    }

    private Answer get(HttpUrl base, String operation) {
        HttpUrl url = base.newBuilder().setQueryParameter("operation", operation).build();
        try (Response response = http.newCall(new Request.Builder().url(url).get().build()).execute()) {
            ResponseBody body = response.body();
            byte[] bytes = body == null ? new byte[0] : body.byteStream().readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new ScepProtocolException(operation + " to " + base + " answered more than " + MAX_BODY + " bytes");
            }
            if (response.code() != 200) {
                throw new ScepProtocolException(operation + " to " + base + " answered HTTP " + response.code());
            }
            return new Answer(response.header("Content-Type", ""), bytes);
        } catch (IOException e) {
            throw new ScepProtocolException(operation + " to " + base + " failed: " + describe(e), e);
        } catch (RuntimeException e) {
            if (e instanceof ScepProtocolException protocol) {
                throw protocol;
            }
            throw new ScepProtocolException(operation + " to " + base + " failed: " + describe(e), e);
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static String sha256(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("could not hash a certificate", e);
        }
    }
}
