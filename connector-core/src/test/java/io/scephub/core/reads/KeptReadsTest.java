package io.scephub.core.reads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scephub.core.testing.MutableClock;
import io.scephub.core.model.Secret;
import io.scephub.core.resource.ActualResource;
import io.scephub.core.resource.OutputRef;
import io.scephub.core.resource.ResourceKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeptReadsTest {
    private static final String CANARY = "kept-reads-canary-9f2b";
    private final InMemoryReadRecords store = new InMemoryReadRecords();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

    private KeptReads reads(Duration window) {
        return new KeptReads(store, "jamf", "https://jamf.example", 1, window, clock);
    }

    private static ActualResource profile(Object password) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("name", "ODA macOS");
        attributes.put("keySize", 2048L);
        attributes.put("include", List.of("Macs", "Laptops"));
        attributes.put("scep", Map.of("url", "https://okta.example/scep", "usage", 5L));
        attributes.put("challengePassword", password);
        return new ActualResource(new ResourceKey("jamf.configuration-profile", "macos"), "jamf", "17", attributes,
                Map.of("challengePasswordSet", true, "uuid", "u-1"), Set.of(new ResourceKey("okta.scep-configuration", "macos")));
    }

    @Test
    void an_owned_object_comes_back_as_written_without_its_secret() {
        KeptReads reads = reads(Duration.ofMinutes(15));
        reads.rememberOwned("17", "ODA macOS", profile(Secret.of(CANARY, "${env:X}")));

        RecalledRead.Owned owned = (RecalledRead.Owned) reads(Duration.ofMinutes(15)).recall("17", "ODA macOS").orElseThrow();

        ActualResource expected = profile(Secret.of(CANARY, "${env:X}"));
        Map<String, Object> withoutSecret = new LinkedHashMap<>(expected.attributes());
        withoutSecret.remove("challengePassword");
        assertThat(owned.actual().attributes()).isEqualTo(withoutSecret);
        assertThat(owned.actual().outputs()).isEqualTo(expected.outputs());
        assertThat(owned.actual().dependsOn()).isEqualTo(expected.dependsOn());
        assertThat(owned.actual().key()).isEqualTo(expected.key());
        assertThat(owned.readAt()).isEqualTo(clock.instant());
        assertThat(owned.sameSecret("challengePassword", Secret.of(CANARY, "a"))).isTrue();
        assertThat(owned.sameSecret("challengePassword", Secret.of(CANARY + "x", "a"))).isFalse();
        assertThat(owned.sameSecret("other", Secret.of(CANARY, "a"))).isFalse();
        assertThat(store.all("jamf", "https://jamf.example").get(0).owned().orElseThrow()).doesNotContain(CANARY);
    }

    @Test
    void the_lost_marker_is_kept_as_a_value() {
        KeptReads reads = reads(Duration.ofMinutes(15));
        reads.rememberOwned("17", "ODA macOS", profile(OutputRef.LOST));

        RecalledRead.Owned owned = (RecalledRead.Owned) reads.recall("17", "ODA macOS").orElseThrow();

        assertThat(owned.actual().attributes().get("challengePassword")).isEqualTo(OutputRef.LOST);
    }

    @Test
    void a_changed_listing_entry_an_old_record_or_another_format_is_not_used() {
        reads(Duration.ofMinutes(15)).rememberOwned("17", "ODA macOS", profile(OutputRef.LOST));

        assertThat(reads(Duration.ofMinutes(15)).recall("17", "ODA macOS renamed")).isEmpty();
        assertThat(reads(Duration.ofMinutes(15)).recall("18", "ODA macOS")).isEmpty();
        assertThat(new KeptReads(store, "jamf", "https://jamf.example", 2, Duration.ofMinutes(15), clock).recall("17", "ODA macOS"))
                .isEmpty();
        assertThat(new KeptReads(store, "jamf", "https://other.example", 1, Duration.ofMinutes(15), clock).recall("17", "ODA macOS"))
                .isEmpty();
        clock.advance(Duration.ofMinutes(14).plusSeconds(59));
        assertThat(reads(Duration.ofMinutes(15)).recall("17", "ODA macOS")).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(reads(Duration.ofMinutes(15)).recall("17", "ODA macOS")).isEmpty();
    }

    @Test
    void a_zero_window_reads_everything() {
        reads(Duration.ofMinutes(15)).rememberForeign("3", "Wi-Fi");

        assertThat(reads(Duration.ZERO).recall("3", "Wi-Fi")).isEmpty();
        assertThat(reads(Duration.ofMinutes(15)).recall("3", "Wi-Fi")).containsInstanceOf(RecalledRead.Foreign.class);
        assertThatThrownBy(() -> reads(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void forget_drops_the_record_and_an_unkeepable_object_replaces_an_older_record() {
        KeptReads reads = reads(Duration.ofMinutes(15));
        reads.rememberOwned("17", "ODA macOS", profile(OutputRef.LOST));
        reads.forget("17");
        assertThat(reads.recall("17", "ODA macOS")).isEmpty();
        assertThat(store.all("jamf", "https://jamf.example")).isEmpty();

        reads.rememberOwned("17", "ODA macOS", profile(OutputRef.LOST));
        ActualResource withRef = new ActualResource(profile(OutputRef.LOST).key(), "jamf", "17",
                Map.of("challengePassword", new OutputRef(new ResourceKey("okta.scep-configuration", "macos"), "password")),
                Map.of(), Set.of());
        reads.rememberOwned("17", "ODA macOS", withRef);
        assertThat(reads.recall("17", "ODA macOS")).isEmpty();
    }

    @Test
    void retain_only_drops_the_records_of_objects_no_longer_listed() {
        KeptReads reads = reads(Duration.ofMinutes(15));
        reads.rememberOwned("17", "ODA macOS", profile(OutputRef.LOST));
        reads.rememberForeign("3", "Wi-Fi");
        reads.rememberForeign("4", "VPN");

        reads.retainOnly(Set.of("17", "4", "99"));

        assertThat(store.all("jamf", "https://jamf.example")).extracting(ReadRecord::vendorId).containsExactlyInAnyOrder("17", "4");
        assertThat(reads.recall("3", "Wi-Fi")).isEmpty();
    }

    @Test
    void the_notice_names_the_vendor_the_counts_and_the_window() {
        assertThat(KeptReadsNotice.of("Jamf", 250, 253, Duration.ofMinutes(10), "the Classic API lists only names"))
                .isEqualTo("Jamf: 250 of 253 profiles taken from reads kept within the last 10m (the Classic API lists only names);"
                        + " 'scephub plan --refresh' reads them all");
        assertThat(KeptReadsNotice.human(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(KeptReadsNotice.human(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(KeptReadsNotice.human(Duration.ofMillis(500))).isEqualTo("500ms");
    }
}
