package io.scephub.core.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which of several objects carrying one marker stays managed: the store's, else the oldest, never the listing order. */
class OwnedIndexTest {
    private static final ResourceKey KEY = new ResourceKey("okta.scep-configuration", "windows-intune");
    private static final Instant OLD = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NEW = Instant.parse("2026-06-01T00:00:00Z");

    private static OwnedIndex.Listing<String> listing(KnownObjects known) {
        return new OwnedIndex<String>("Okta", Set.of(KEY.kind()), known).listing();
    }

    @Test
    void theObjectTheStoreKnowsIsKeptEvenWhenItIsNewerAndListedLast() {
        OwnedIndex.Listing<String> listing = listing(key -> Optional.of("rac-new"));
        listing.add(KEY, "rac-old", Optional.of(OLD), () -> "old");
        listing.add(KEY, "rac-new", Optional.of(NEW), () -> "new");

        assertThat(listing.owned()).isEqualTo(Map.of(KEY, "new"));
        assertThat(listing.duplicates()).singleElement()
                .isEqualTo(new OwnedIndex.Duplicate(KEY, "rac-old", "rac-new"));
    }

    @Test
    void withoutTheStoreTheOldestIsKeptWhateverTheListingOrder() {
        for (boolean newFirst : new boolean[] {true, false}) {
            OwnedIndex.Listing<String> listing = listing(KnownObjects.NONE);
            if (newFirst) {
                listing.add(KEY, "zz-new", Optional.of(NEW), () -> "new");
            }
            listing.add(KEY, "aa-old", Optional.of(OLD), () -> "old");
            if (!newFirst) {
                listing.add(KEY, "zz-new", Optional.of(NEW), () -> "new");
            }

            assertThat(listing.owned()).as("new listed first: " + newFirst).isEqualTo(Map.of(KEY, "old"));
            assertThat(listing.duplicates()).singleElement().extracting(OwnedIndex.Duplicate::vendorId).isEqualTo("zz-new");
        }
    }

    @Test
    void anIdTheStoreKnowsThatIsNoLongerListedFallsBackToTheOldest() {
        OwnedIndex.Listing<String> listing = listing(key -> Optional.of("gone"));
        listing.add(KEY, "b", Optional.of(NEW), () -> "new");
        listing.add(KEY, "a", Optional.of(OLD), () -> "old");

        assertThat(listing.owned()).isEqualTo(Map.of(KEY, "old"));
    }

    @Test
    void withoutCreationTimesTheSmallestNumericIdIsKept() {
        OwnedIndex.Listing<String> listing = listing(KnownObjects.NONE);
        listing.add(KEY, "10", Optional.empty(), () -> "ten");
        listing.add(KEY, "9", Optional.empty(), () -> "nine");

        assertThat(listing.owned()).isEqualTo(Map.of(KEY, "nine"));
        assertThat(listing.duplicateNotices()).singleElement().asString().contains("9 is managed", "store knows, else the oldest");
    }

    @Test
    void theStoreIsAskedOnlyWhenAKeyIsOnMoreThanOneObjectAndOnlyTheKeptEntryIsBuilt() {
        int[] asked = {0};
        OwnedIndex.Listing<String> listing = listing(key -> {
            asked[0]++;
            return Optional.empty();
        });
        listing.add(KEY, "1", Optional.empty(), () -> "one");
        listing.add(new ResourceKey("okta.scep-configuration", "macos"), "2", Optional.empty(), () -> "two");
        listing.add(KEY, "3", Optional.empty(), () -> {
            throw new AssertionError("a duplicate's entry is never built");
        });

        assertThat(listing.owned()).containsEntry(KEY, "one").hasSize(2);
        assertThat(asked[0]).isEqualTo(1);
    }

    @Test
    void theIndexRemembersTheKeptObjectSoDeletingTheDuplicateKeepsTheEntry() {
        OwnedIndex<String> index = new OwnedIndex<>("Okta", Set.of(KEY.kind()), key -> Optional.of("known"));
        OwnedIndex.Listing<String> listing = index.listing();
        listing.add(KEY, "copy", Optional.of(OLD), () -> "copy");
        listing.add(KEY, "known", Optional.of(NEW), () -> "known");
        index.replace(listing);

        index.remove(KEY, "copy");

        assertThat(index.get(KEY)).contains("known");
        assertThat(index.isEntry(KEY, "known")).isTrue();
    }
}
