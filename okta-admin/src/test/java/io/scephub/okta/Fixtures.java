package io.scephub.okta;

import io.scephub.core.http.VendorHttp;
import io.scephub.core.model.CaSpec;
import io.scephub.core.model.CertificateSpec;
import io.scephub.core.model.ChallengeType;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.ExtendedKeyUsage;
import io.scephub.core.model.GroupScope;
import io.scephub.core.model.KeyUsage;
import io.scephub.core.model.Platform;
import io.scephub.core.model.Secret;
import io.scephub.core.model.SecretRef;
import io.scephub.core.spi.ConnectorContext;
import io.scephub.sandbox.RecordedRequest;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.Vendor;
import java.time.Clock;
import java.time.Period;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;

/** Settings, enrollments, a connector context and the sandbox Okta's journal for tests. */
final class Fixtures {
    static final String TENANT_ID = "0f0e0d0c-0000-4000-8000-000000000001";
    static final String INTUNE_APP_ID = "1a2b3c4d-0000-4000-8000-000000000002";

    private Fixtures() {
    }

    static ConnectorSettings tokenSettings(String orgUrl) {
        return new ConnectorSettings("okta", "okta", Map.of("orgUrl", orgUrl,
                "auth.apiToken", new SecretRef(SecretRef.Source.ENV, "OKTA_API_TOKEN")));
    }

    /** API-token settings for the sandbox's Okta org. */
    static ConnectorSettings tokenSettings(Sandbox sandbox) {
        return tokenSettings(sandbox.oktaBaseUrl());
    }

    /** The secrets that open the sandbox's Okta org with {@link #tokenSettings(Sandbox)}. */
    static Map<String, String> tokenSecrets(Sandbox sandbox) {
        return Map.of("OKTA_API_TOKEN", sandbox.options().oktaApiToken());
    }

    /** Every request the sandbox's Okta answered, in order. */
    static List<RecordedRequest> requests(Sandbox sandbox) {
        return sandbox.requests().of(Vendor.OKTA);
    }

    /** The requests the sandbox's Okta answered with {@code method} on a path starting with {@code pathPrefix}. */
    static List<RecordedRequest> requests(Sandbox sandbox, String method, String pathPrefix) {
        return requests(sandbox).stream().filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix)).toList();
    }

    /** One query parameter of a recorded request, null when absent. */
    static String queryParameter(RecordedRequest request, String name) {
        return HttpUrl.get("http://127.0.0.1/?" + (request.query() == null ? "" : request.query())).queryParameter(name);
    }

    static ConnectorSettings intuneSettings() {
        return new ConnectorSettings("intune", "mdm.intune", Map.of("tenantId", TENANT_ID, "clientId", INTUNE_APP_ID,
                "clientSecret", new SecretRef(SecretRef.Source.ENV, "GRAPH_CLIENT_SECRET")));
    }

    static EnrollmentSpec enrollment(String name, Platform platform, String mdm, ChallengeType challenge, CaSpec ca) {
        CertificateSpec certificate = new CertificateSpec("CN={{DeviceId}}", List.of(), 2048, "sha2",
                Set.of(KeyUsage.DIGITAL_SIGNATURE), List.of(ExtendedKeyUsage.CLIENT_AUTH), Period.ofYears(1), 20);
        return new EnrollmentSpec(name, platform, mdm, challenge, ca, certificate, GroupScope.none(), Optional.empty(),
                Optional.empty());
    }

    static DesiredState state(ConnectorSettings okta, List<EnrollmentSpec> enrollments, ConnectorSettings... others) {
        Map<String, ConnectorSettings> connectors = new HashMap<>();
        connectors.put("okta", okta);
        for (ConnectorSettings other : others) {
            connectors.put(other.connectorId(), other);
        }
        return new DesiredState(connectors, enrollments);
    }

    static ConnectorContext context(VendorHttp http, Clock clock, Map<String, String> secrets) {
        return new ConnectorContext() {
            @Override
            public Secret secret(SecretRef ref) {
                String value = secrets.get(ref.name());
                if (value == null) {
                    throw new io.scephub.core.error.SecretResolutionError(ref + " is not set");
                }
                return Secret.of(value, ref.toString());
            }

            @Override
            public VendorHttp http() {
                return http;
            }

            @Override
            public Clock clock() {
                return clock;
            }
        };
    }
}
