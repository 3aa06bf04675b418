package io.scephub.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The console shows group names and vendor ids as every name scephub prints them (DisplayName: tab,
 * newline, bidi override escaped, cut at 40 characters with the length) and HTML-escaped.
 */
class ConsoleNamesTest {
    private static final String TAB = "ODA\tPilot";
    private static final String NEWLINE = "ODA\nMacs";
    private static final String RTL = "Kiosk\u202Egpj.exe";
    private static final String LONG = "g".repeat(10_000);
    private static final String MARKUP = "<script>alert(1)</script>";

    @Test
    void theEnrollmentPageEscapesGroupNamesForTheReaderAndForHtml() {
        ConsoleViews.EnrollmentPage page = new ConsoleViews.EnrollmentPage("windows-intune", "windows", "intune", "delegated",
                ConsoleData.groups(List.of(TAB, NEWLINE, RTL, LONG)), ConsoleData.groups(List.of(MARKUP)), "in sync", "s-succeeded",
                "", false, "", "", "", "", false, List.of(), List.of(new ConsoleViews.ObjectRow("intune.scep-profile/windows-intune",
                io.scephub.core.text.DisplayName.cell("id\u202E" + LONG), "applied")));

        String html = new Templates().render("enrollment", new ConsoleViews.Layout("windows-intune", List.of(), "ada", "viewer", "csrf",
                "now", null), page);

        String groups = html.lines().filter(l -> l.contains("<dt>Groups</dt>")).findFirst().orElseThrow();
        assertThat(groups).contains("ODA\\tPilot", "ODA\\nMacs", "Kiosk\\u202egpj.exe", "g".repeat(40) + "…(10000 chars)",
                "&lt;script&gt;").doesNotContain("g".repeat(41), "<script>");
        assertThat(html).doesNotContain("\t" + "Pilot", "\u202E", "ODA\nMacs", "g".repeat(41)).contains("id\\u202e");
    }
}
