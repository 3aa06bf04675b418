package io.scephub.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DisplayNameTest {

    @Test
    void controlAndLineCharactersAreEscapedSoANameStaysOnOneLine() {
        assertThat(DisplayName.quote("a\tb\nc\rd\u0000e\u007f")).isEqualTo("\"a\\tb\\nc\\rd\\u0000e\\u007f\"");
        assertThat(DisplayName.quote("x\u2028y\u2029z")).isEqualTo("\"x\\u2028y\\u2029z\"");
    }

    @Test
    void bidiOverridesIsolatesAndInvisibleCharactersAreEscapedSoTheNameReadsInOrder() {
        assertThat(DisplayName.quote("Macs\u202Egpj.exe")).isEqualTo("\"Macs\\u202egpj.exe\"");
        assertThat(DisplayName.quote("\u2066a\u2069\u200B\u200F\uFEFF")).isEqualTo("\"\\u2066a\\u2069\\u200b\\u200f\\ufeff\"");
    }

    @Test
    void quotesAndBackslashesAreEscapedAndOrdinaryLettersAreNot() {
        assertThat(DisplayName.quote("ODA \"Pilot\" \\ Macs")).isEqualTo("\"ODA \\\"Pilot\\\" \\\\ Macs\"");
        assertThat(DisplayName.quote("Gruppe Ä – 日本 مجموعة 😀")).isEqualTo("\"Gruppe Ä – 日本 مجموعة 😀\"");
    }

    @Test
    void aLongNameIsCutAtFortyCharactersWithItsFullLength() {
        String name = "x".repeat(10_000);
        assertThat(DisplayName.quote(name)).isEqualTo("\"" + "x".repeat(40) + "…(10000 chars)\"");
        assertThat(DisplayName.quote("y".repeat(40))).isEqualTo("\"" + "y".repeat(40) + "\"");
        // Characters, not UTF-16 units: an emoji is one.
        assertThat(DisplayName.quote("😀".repeat(41))).isEqualTo("\"" + "😀".repeat(40) + "…(41 chars)\"");
        assertThat(DisplayName.length("😀😀")).isEqualTo(2);
    }

    @Test
    void escapeWithoutALimitOnlyEscapes() {
        String name = "a\t".repeat(100);
        assertThat(DisplayName.escape(name, Integer.MAX_VALUE)).isEqualTo("a\\t".repeat(100));
    }
}
