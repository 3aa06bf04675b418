package io.scephub.intune;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
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
import io.scephub.core.model.SecretRef;
import io.scephub.core.model.SubjectAlternativeName;
import io.scephub.core.resource.OutputRef;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Test data built in code: enrollments, settings, output resolution, and the Graph metadata extract. */
final class IntuneFixtures {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TENANT = "00000000-0000-0000-0000-0000000000aa";
    static final String CLIENT = "11111111-1111-1111-1111-1111111111bb";
    static final String CA_B64 = java.util.Base64.getEncoder().encodeToString("test root certificate DER bytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    static final String CONFIGS = "/beta/deviceManagement/deviceConfigurations";
    static final String SCEP_URL = "https://example.okta.com/pki/0123456789abcdef0123456789abcdef01234567/scep/rac23q9ipfbw5WThW698";

    private IntuneFixtures() {
    }

    /** A WireMock Graph (with {@code $batch} forwarded step by step, and the Entra token endpoint) on a free 127.0.0.1 port that hands out {@code graph-token-1}. */
    static WireMockServer startGraph() {
        WireMockServer graph = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()
                .extensions(new BatchForwarder()));
        graph.start();
        graph.stubFor(post(urlPathEqualTo("/beta/$batch")).willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                .withTransformers(BatchForwarder.NAME)));
        graph.stubFor(post(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token"))
                .willReturn(okJson("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"graph-token-1\"}")));
        return graph;
    }

    /** The connector as the provider opens it, talking to {@code graph}. */
    static IntuneConnector open(WireMockServer graph, TestContext context) {
        return (IntuneConnector) new IntuneConnectorProvider().open(settings(graph.port()), context);
    }

    static CertificateSpec certificate() {
        return new CertificateSpec("CN={{DeviceId}}",
                List.of(new SubjectAlternativeName(SubjectAlternativeName.Type.UPN, "{{UserPrincipalName}}")),
                2048, "sha256", Set.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT),
                List.of(ExtendedKeyUsage.CLIENT_AUTH), Period.ofYears(1), 20);
    }

    static EnrollmentSpec enrollment(String name, Platform platform) {
        return enrollment(name, platform, ChallengeType.DELEGATED, certificate(),
                new GroupScope(List.of("ODA Windows Pilot"), List.of("Kiosks")));
    }

    static EnrollmentSpec enrollment(String name, Platform platform, ChallengeType challenge, CertificateSpec certificate,
                                     GroupScope groups) {
        return new EnrollmentSpec(name, platform, "intune", challenge, new CaSpec.OktaCa(), certificate, groups,
                Optional.empty(), Optional.empty());
    }

    static ConnectorSettings settings(int port) {
        return new ConnectorSettings("intune", "mdm.intune", Map.of(
                "tenantId", TENANT,
                "clientId", CLIENT,
                "clientSecret", new SecretRef(SecretRef.Source.ENV, "GRAPH_CLIENT_SECRET"),
                "graphBaseUrl", "http://127.0.0.1:" + port + "/beta",
                "authorityHost", "http://127.0.0.1:" + port,
                "http.requestsPerSecond", 10L));
    }

    static DesiredState state(EnrollmentSpec... enrollments) {
        return new DesiredState(Map.of(), List.of(enrollments));
    }

    static Resource desired(IntuneConnector connector, DesiredState state, String kind, String name) {
        ResourceKey key = new ResourceKey(kind, name);
        return connector.desiredResources(state).stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow();
    }

    /** What the engine does before create/update: output references replaced by the outputs' values. */
    static Resource resolve(Resource resource, Map<String, Object> outputs) {
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = (Map<String, Object>) replace(resource.attributes(), outputs);
        return resource.withAttributes(attributes);
    }

    static Map<String, Object> standardOutputs(String enrollment) {
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("${okta.scep-configuration/" + enrollment + ".caCertificate}", CA_B64);
        outputs.put("${okta.scep-configuration/" + enrollment + ".caCertificateFileName}", "okta-root.cer");
        outputs.put("${okta.scep-configuration/" + enrollment + ".scepUrl}", SCEP_URL);
        outputs.put("${intune.trusted-root/" + enrollment + ".id}", "root-1");
        outputs.put("${intune.scep-profile/" + enrollment + ".id}", "scep-1");
        return outputs;
    }

    private static Object replace(Object value, Map<String, Object> outputs) {
        if (value instanceof OutputRef ref) {
            Object resolved = outputs.get(ref.toString());
            if (resolved == null) {
                throw new IllegalArgumentException("test forgot output " + ref);
            }
            return resolved;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), replace(v, outputs)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(replace(v, outputs)));
            return out;
        }
        return value;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** graph-beta-intune.json (Microsoft's published beta metadata, copied from the design notes). */
    static JsonNode graphMetadata() {
        try (InputStream in = IntuneFixtures.class.getResourceAsStream("/graph-beta-intune.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<String> metadataProperties(String section, String type) {
        JsonNode node = graphMetadata().path(section).path(type);
        JsonNode list = node.isArray() ? node : node.path("properties");
        Set<String> names = new HashSet<>();
        list.forEach(n -> names.add(n.asText()));
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no metadata for " + section + "." + type);
        }
        return names;
    }

    static Set<String> enumValues(String enumName) {
        Set<String> values = new HashSet<>();
        graphMetadata().path("enums").path(enumName).forEach(n -> values.add(n.asText()));
        return values;
    }
}
