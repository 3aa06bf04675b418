package io.scephub.hub.cli;

import io.scephub.core.spi.ReadRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.scephub.core.model.ConnectorSettings;
import io.scephub.core.model.DesiredState;
import io.scephub.core.model.Secret;
import io.scephub.core.model.SettingDef;
import io.scephub.core.model.SettingProblem;
import io.scephub.core.model.SettingType;
import io.scephub.core.model.SettingsSchema;
import io.scephub.core.plan.AttributeChange;
import io.scephub.core.reads.ReadReuse;
import io.scephub.core.reads.RecalledRead;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.ReadResult;
import io.scephub.core.resource.Resource;
import io.scephub.core.resource.ResourceKey;
import io.scephub.core.spi.Connector;
import io.scephub.core.spi.ConnectorContext;
import io.scephub.core.spi.ConnectorProvider;
import io.scephub.core.spi.ConnectorRole;
import io.scephub.hub.Providers;
import io.scephub.hub.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kept reads end to end through the command line: an MDM double whose listing has only ids and names
 * (as Jamf Classic and Workspace ONE UEM) fetches each object it cannot recall, and every command is
 * a new session on the same embedded state store.
 */
class KeptReadsCliTest {
    static final String SECRET = "kept-reads-cli-canary-5531";
    static final String SCOPE = "https://listing.example/tenant-1";

    @TempDir
    Path dir;

    Listing vendor;
    CliRun cli;

    @BeforeEach
    void setUp() throws Exception {
        vendor = new Listing();
        vendor.objects.put("other-1", new Listing.Stored("Someone else's profile", false, List.of("Everyone")));
        cli = new CliRun(dir, Map.of("OKTA_TOKEN", "t", "LISTING_SECRET", SECRET), vendor.providers());
        write("");
    }

    @Test
    void aPlanAfterAnApplyTakesUnchangedObjectsFromTheStateStore() {
        assertThat(cli.run("apply", "--auto-approve").exitCode()).isZero();
        assertThat(vendor.gets.get()).as("the apply's plan read the one object there was").isEqualTo(1);
        vendor.gets.set(0);

        CliRun.Result plan = cli.run("plan", "--out", "reviewed.plan");

        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(vendor.gets.get()).as("what the apply wrote and read is reused").isZero();
        assertThat(cli.run("apply", "reviewed.plan").exitCode()).isZero();
        assertThat(vendor.gets.get()).isZero();
    }

    @Test
    void refreshReadsEveryObjectAndWhatItReadsIsWhatTheNextPlanReuses() {
        assertThat(cli.run("apply", "--auto-approve").exitCode()).isZero();
        String win = vendor.idOf("win");
        vendor.objects.put(win, new Listing.Stored("win", true, List.of("Changed outside scephub")));
        vendor.gets.set(0);

        assertThat(cli.run("plan").exitCode()).as("within the window the kept read stands for the object").isZero();
        assertThat(vendor.gets.get()).isZero();

        CliRun.Result refreshed = cli.run("plan", "--refresh");
        assertThat(refreshed.exitCode()).as(refreshed.err()).isEqualTo(ScephubCommand.EXIT_CHANGES);
        assertThat(refreshed.out()).contains("~ update listing.profile/win");
        assertThat(vendor.gets.get()).as("every listed object").isEqualTo(3);

        vendor.gets.set(0);
        CliRun.Result after = cli.run("plan");
        assertThat(after.exitCode()).isEqualTo(ScephubCommand.EXIT_CHANGES);
        assertThat(vendor.gets.get()).as("the refresh kept what it read").isZero();

        assertThat(cli.run("apply", "--auto-approve", "--refresh").exitCode()).isZero();
        assertThat(vendor.objects.get(win).groups()).containsExactly("Pilot");
    }

    @Test
    void anObjectWhoseListingEntryChangedIsReadAgain() {
        assertThat(cli.run("apply", "--auto-approve").exitCode()).isZero();
        vendor.objects.put("other-1", new Listing.Stored("Someone else's profile (renamed)", false, List.of("Everyone")));
        vendor.gets.set(0);

        assertThat(cli.run("plan").exitCode()).isZero();

        assertThat(vendor.gets.get()).isEqualTo(1);
    }

    @Test
    void checksReadEveryObjectAndKeepWhatTheyFoundSoTheNextPlanRepairsIt() throws Exception {
        assertThat(cli.run("apply", "--auto-approve").exitCode()).isZero();
        String win = vendor.idOf("win");
        vendor.objects.put(win, new Listing.Stored("win", true, List.of("Changed outside scephub")));
        assertThat(cli.run("plan").exitCode()).as("within the window the kept read stands for the object").isZero();
        vendor.gets.set(0);

        CliRun.Result validate = cli.run("validate", "--online");

        assertThat(validate.exitCode()).as(validate.err()).isZero();
        assertThat(vendor.gets.get()).as("every listed object").isEqualTo(3);
        vendor.gets.set(0);
        CliRun.Result plan = cli.run("plan");
        assertThat(plan.exitCode()).as(plan.err()).isEqualTo(ScephubCommand.EXIT_CHANGES);
        assertThat(plan.out()).contains("~ update listing.profile/win");
        assertThat(vendor.gets.get()).as("the check kept what it read").isZero();
    }

    @Test
    void aCheckWorksWhileTheStateStoreCannotBeOpened() throws Exception {
        assertThat(cli.run("apply", "--auto-approve").exitCode()).isZero();
        List<String> kept = keptReads();
        Path data = dir.resolve("data");
        Path aside = dir.resolve("data-aside");
        Files.move(data, aside);
        Files.writeString(data, "not a directory");
        vendor.gets.set(0);

        CliRun.Result validate = cli.run("validate", "--online");

        assertThat(validate.exitCode()).as(validate.err()).isZero();
        assertThat(vendor.gets.get()).isEqualTo(3);
        CliRun.Result plan = cli.run("plan");
        assertThat(plan.exitCode()).as("a plan needs its kept reads: it stops").isEqualTo(1);
        Files.delete(data);
        Files.move(aside, data);
        assertThat(keptReads()).isEqualTo(kept);
    }

    @Test
    void syncRefreshReadsEveryObject() {
        assertThat(cli.run("sync").exitCode()).isZero();
        vendor.gets.set(0);

        assertThat(cli.run("sync", "--dry-run").exitCode()).isZero();
        assertThat(vendor.gets.get()).isZero();
        assertThat(cli.run("sync", "--dry-run", "--refresh").exitCode()).isZero();
        assertThat(vendor.gets.get()).isEqualTo(3);
    }

    @Test
    void withReuseReadsForZeroEveryPlanReadsEveryObjectAndNothingIsKept() throws Exception {
        write("state:\n  reuseReadsFor: 0\n");
        assertThat(cli.run("apply", "--auto-approve").exitCode()).isZero();
        vendor.gets.set(0);

        assertThat(cli.run("plan").exitCode()).isZero();

        assertThat(vendor.gets.get()).isEqualTo(3);
        assertThat(keptReads()).isEmpty();
    }

    @Test
    void theStateStoreKeepsOwnedObjectsWithoutTheirSecretAndMarksOthersNotOurs() throws Exception {
        assertThat(cli.run("apply", "--auto-approve").exitCode()).isZero();

        List<String> kept = keptReads();

        assertThat(kept).hasSize(3).allSatisfy(row -> assertThat(row).doesNotContain(SECRET));
        assertThat(kept).anySatisfy(row -> assertThat(row).startsWith("listing|" + SCOPE + "|other-1|Someone else's profile|null"));
        assertThat(kept).anySatisfy(row -> assertThat(row).contains("|win|").contains("\"secret\":\"sha256:"));
    }

    @Test
    void aStateStoreThatCannotBeOpenedFailsThePlanAsItFailsAnApply() throws Exception {
        Files.writeString(dir.resolve("not-a-directory"), "x");
        write("state:\n  dataDir: not-a-directory\n");

        CliRun.Result plan = cli.run("plan");
        CliRun.Result apply = cli.run("apply", "--auto-approve");

        assertThat(plan.exitCode()).isEqualTo(1);
        assertThat(vendor.gets.get()).as("nothing is read without the store").isZero();
        assertThat(plan.err()).isEqualTo(apply.err()).startsWith("error: ").contains("not-a-directory");
    }

    private void write(String state) throws Exception {
        Files.writeString(dir.resolve("scephub.yaml"), """
                version: 1
                okta:
                  orgUrl: https://example.okta.com
                  apiToken: ${env:OKTA_TOKEN}
                mdm:
                  listing:
                    secret: ${env:LISTING_SECRET}
                """ + state + """
                enrollments:
                  - name: win
                    platform: windows
                    mdm: listing
                    challenge: static
                    certificate: { subject: "CN=device" }
                    groups:
                      include: [Pilot]
                  - name: win-2
                    platform: windows
                    mdm: listing
                    challenge: static
                    certificate: { subject: "CN=device" }
                    groups:
                      include: [Wave 2]
                """);
    }

    /** Each kept read as connector|scope|vendor id|listing|owned JSON. */
    private List<String> keptReads() throws Exception {
        List<String> rows = new ArrayList<>();
        try (StateStore store = StateStore.open(Optional.empty(), Optional.empty(), Optional.empty(), dir.resolve("data"));
             Connection c = store.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT connector, scope, vendor_id, listing, owned_json FROM kept_reads ORDER BY vendor_id")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4) + "|" + rs.getString(5));
            }
        }
        return rows;
    }

    /** An MDM whose listing shows ids and names only: each object costs a GET unless its read is kept. */
    static final class Listing {
        /** One vendor object; {@code ours} is scephub's ownership marker. */
        record Stored(String name, boolean ours, List<String> groups) {
        }

        final Map<String, Stored> objects = new ConcurrentHashMap<>();
        final AtomicInteger gets = new AtomicInteger();
        private final AtomicInteger ids = new AtomicInteger();

        Providers providers() {
            return new Providers(List.of(
                    new Provider("okta", ConnectorRole.IDENTITY, new SettingsSchema("okta", "identity double", List.of(
                            SettingDef.required("orgUrl", SettingType.URL, "org URL"),
                            SettingDef.required("apiToken", SettingType.SECRET, "token"))), (settings, context) -> VendorDouble.nothing("okta")),
                    new Provider("listing", ConnectorRole.MDM, new SettingsSchema("mdm.listing", "listing MDM double", List.of(
                            SettingDef.required("secret", SettingType.SECRET, "a secret the profiles carry"))),
                            (settings, context) -> new Mdm(context, context.secret(settings.secret("secret"))))));
        }

        String idOf(String name) {
            return objects.entrySet().stream().filter(e -> e.getValue().name().equals(name)).findFirst().orElseThrow().getKey();
        }

        private final class Mdm implements Connector {
            private final ReadReuse reuse;
            private final Secret secret;

            Mdm(ConnectorContext context, Secret secret) {
                this.reuse = context.readReuse("listing", SCOPE, 1);
                this.secret = secret;
            }

            public String id() {
                return "listing";
            }

            public List<Resource> desiredResources(DesiredState state) {
                return state.enrollments().stream().filter(e -> e.mdm().equals("listing"))
                        .map(e -> Resource.builder(key(e.name()), "listing").attribute("groups", e.groups().include())
                                .attribute("secret", secret).build()).toList();
            }

            public ReadResult read(ReadRequest request) {
                List<ActualResource> owned = new ArrayList<>();
                for (Map.Entry<String, Stored> e : objects.entrySet()) {
                    Optional<RecalledRead> kept = reuse.recall(e.getKey(), e.getValue().name());
                    if (kept.isPresent()) {
                        if (kept.get() instanceof RecalledRead.Owned o) {
                            owned.add(o.actual());
                        }
                        continue;
                    }
                    gets.incrementAndGet();
                    if (e.getValue().ours()) {
                        ActualResource actual = actual(e.getKey(), e.getValue());
                        reuse.rememberOwned(e.getKey(), e.getValue().name(), actual);
                        owned.add(actual);
                    } else {
                        reuse.rememberForeign(e.getKey(), e.getValue().name());
                    }
                }
                return ReadResult.of(owned);
            }

            public Optional<ActualResource> findOwned(ResourceKey key) {
                return objects.entrySet().stream().filter(e -> e.getValue().ours() && e.getValue().name().equals(key.name()))
                        .map(e -> actual(e.getKey(), e.getValue())).findFirst();
            }

            public ActualResource create(Resource desired) {
                return write("id-" + ids.incrementAndGet(), desired);
            }

            public ActualResource update(Resource desired, ActualResource actual, List<AttributeChange> changes) {
                return write(actual.vendorId(), desired);
            }

            public void delete(ActualResource actual) {
                objects.remove(actual.vendorId());
                reuse.forget(actual.vendorId());
            }

            @SuppressWarnings("unchecked")
            private ActualResource write(String id, Resource desired) {
                String name = desired.key().name();
                objects.put(id, new Stored(name, true, (List<String>) desired.attributes().get("groups")));
                ActualResource written = new ActualResource(desired.key(), "listing", id, desired.attributes(), Map.of(), Set.of());
                reuse.rememberOwned(id, name, written);
                return written;
            }

            private ActualResource actual(String id, Stored stored) {
                // Like a real MDM, the secret is write-only: a read does not return it.
                return new ActualResource(key(stored.name()), "listing", id, Map.of("groups", stored.groups()), Map.of(), Set.of());
            }

            private static ResourceKey key(String name) {
                return new ResourceKey("listing.profile", name);
            }
        }
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
}
