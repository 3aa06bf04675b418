package io.scephub.hub.cli;

import io.scephub.core.spi.ReadRequest;
import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.EnrollmentSpec;
import io.scephub.core.model.Secret;
import io.scephub.core.model.SettingDef;
import io.scephub.core.model.SettingProblem;
import io.scephub.core.model.SettingType;
import io.scephub.core.model.SettingsSchema;
import io.scephub.core.plan.AttributeChange;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.DesiredStateProblem;
import io.scephub.core.resource.ReadResult;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.spi.Connector;
import io.scephub.core.spi.ConnectorContext;
import io.scephub.core.spi.ConnectorProvider;
import io.scephub.core.spi.ConnectorRole;
import io.scephub.hub.Providers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two connectors without any vendor behind them, for the CLI's own behaviour: an identity
 * connector that owns nothing and an MDM ({@code mdm.double}) that keeps one profile per
 * enrollment in memory and, like a real MDM, rejects group names its directory does not have.
 */
final class VendorDouble {
    /** What the "vendor" holds, shared by every connector opened on it, so a second command sees the first one's writes. */
    final Map<ResourceKey, ActualResource> objects = new ConcurrentHashMap<>();
    final Set<String> groups = ConcurrentHashMap.newKeySet();
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger writes = new AtomicInteger();
    /** Enrollment names whose profile the "vendor" refuses to create. */
    final Set<String> refuse = ConcurrentHashMap.newKeySet();

    VendorDouble(String... groups) {
        this.groups.addAll(List.of(groups));
    }

    Providers providers() {
        return new Providers(List.of(identity(), mdm()));
    }

    /** The configuration head the double's tests share: okta and mdm.double with secrets from the environment. */
    static final String HEAD = """
            version: 1
            okta:
              orgUrl: https://example.okta.com
              apiToken: ${env:OKTA_TOKEN}
            mdm:
              double:
                secret: ${env:DOUBLE_SECRET}
            enrollments:
            """;

    static String enrollment(String name, String... groups) {
        return """
                  - name: %s
                    platform: windows
                    mdm: double
                    challenge: static
                    certificate: { subject: "CN=device" }
                    groups:
                      include:
                %s""".formatted(name, String.join("", List.of(groups).stream().map(g -> "          - \"" + g + "\"\n").toList()));
    }

    private ConnectorProvider identity() {
        return new Provider("okta", ConnectorRole.IDENTITY, new SettingsSchema("okta", "identity double", List.of(
                SettingDef.required("orgUrl", SettingType.URL, "org URL"),
                SettingDef.required("apiToken", SettingType.SECRET, "token"))),
                (settings, context) -> new Nothing("okta"));
    }

    private ConnectorProvider mdm() {
        return new Provider("double", ConnectorRole.MDM, new SettingsSchema("mdm.double", "MDM double", List.of(
                SettingDef.required("secret", SettingType.SECRET, "a secret the profiles carry"))),
                (settings, context) -> new Mdm(context.secret(settings.secret("secret"))));
    }

    private record Provider(String id, ConnectorRole role, SettingsSchema settingsSchema,
                            java.util.function.BiFunction<ConnectorSettings, ConnectorContext, Connector> opener) implements ConnectorProvider {
        @Override
        public List<SettingProblem> validate(ConnectorSettings settings, DesiredState state) {
            return List.of();
        }

        @Override
        public Connector open(ConnectorSettings settings, ConnectorContext context) {
            return opener.apply(settings, context);
        }
    }

    /** A connector that wants and owns nothing: a stand-in for a vendor a test does not use. */
    static Connector nothing(String id) {
        return new Nothing(id);
    }

    private static final class Nothing extends io.scephub.hub.NothingConnector {
        private final String id;

        Nothing(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }
    }

    private final class Mdm implements Connector {
        private final Secret secret;

        Mdm(Secret secret) {
            this.secret = secret;
        }

        public String id() {
            return "double";
        }

        public List<Resource> desiredResources(DesiredState state) {
            return state.enrollments().stream().filter(e -> e.mdm().equals("double")).map(e -> Resource.builder(new ResourceKey("double.profile", e.name()), "double")
                    .attribute("groups", e.groups().include()).attribute("secret", secret).build()).toList();
        }

        public ReadResult read(ReadRequest request) {
            reads.incrementAndGet();
            List<DesiredStateProblem> problems = new ArrayList<>();
            for (EnrollmentSpec e : request.enrollments("double")) {
                List<String> include = e.groups().include();
                for (int i = 0; i < include.size(); i++) {
                    if (!groups.contains(include.get(i))) {
                        problems.add(DesiredStateProblem.ofEnrollment(e.name(), "groups.include[" + i + "]",
                                "no group named '" + include.get(i) + "' in the double's directory"));
                    }
                }
            }
            return new ReadResult(List.copyOf(objects.values()), List.of(), problems);
        }

        public Optional<ActualResource> findOwned(ResourceKey key) {
            return Optional.ofNullable(objects.get(key));
        }

        public ActualResource create(Resource desired) {
            if (refuse.contains(desired.key().name())) {
                throw new IllegalStateException("the double refuses " + desired.key().name() + " (error 4711)");
            }
            writes.incrementAndGet();
            ActualResource made = new ActualResource(desired.key(), "double", "v-" + desired.key().name(), desired.attributes(),
                    Map.of(), Set.of());
            objects.put(desired.key(), made);
            return made;
        }

        public ActualResource update(Resource desired, ActualResource actual, List<AttributeChange> changes) {
            return create(desired);
        }

        public void delete(ActualResource actual) {
            writes.incrementAndGet();
            objects.remove(actual.key());
        }
    }
}
