package io.scephub.hub.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.core.check.DeliveryState;
import io.scephub.core.devices.DeviceStatus;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviceStatusWriterTest {
    private static DeviceStatus device(String name) {
        return new DeviceStatus("win", "intune", "id-1", name, Optional.empty(), DeliveryState.FAILED, "error", Optional.empty(),
                Optional.empty(), "install failed, \"twice\"");
    }

    @Test
    void csvQuotesCommasAndQuotesAndDefusesSpreadsheetFormulas() {
        StringWriter out = new StringWriter();
        DeviceStatusWriter writer = new DeviceStatusWriter(DeviceStatusWriter.Format.CSV, out);
        writer.device(device("=HYPERLINK(\"x\")"));
        writer.finish();
        String row = out.toString().lines().toList().get(1);
        assertThat(row).startsWith("win,intune,id-1,\"'=HYPERLINK(\"\"x\"\")\",,failed,error,")
                .endsWith(",\"install failed, \"\"twice\"\"\"");
    }

    @Test
    void nothingIsWrittenBeforeTheFirstEventSoAnEarlyErrorCanStillBeReportedNormally() {
        StringWriter out = new StringWriter();
        DeviceStatusWriter writer = new DeviceStatusWriter(DeviceStatusWriter.Format.JSON, out);
        assertThat(writer.started()).isFalse();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void jsonEndsWithTheErrorInsteadOfACountWhenTheReadFailsPartWay() throws Exception {
        StringWriter out = new StringWriter();
        DeviceStatusWriter writer = new DeviceStatusWriter(DeviceStatusWriter.Format.JSON, out);
        writer.device(device("PC-1"));
        writer.notice("enrollment mac: no profile yet");
        writer.fail("VENDOR_ERROR", "intune: 503");
        JsonNode doc = new ObjectMapper().readTree(out.toString());
        assertThat(doc.get("devices")).hasSize(1);
        assertThat(doc.get("notices").get(0).asText()).isEqualTo("enrollment mac: no profile yet");
        assertThat(doc.get("error").get("code").asText()).isEqualTo("VENDOR_ERROR");
        assertThat(doc.has("count")).isFalse();
    }

    @Test
    void textEndsWithTheNumberOfDevices() {
        StringWriter out = new StringWriter();
        DeviceStatusWriter writer = new DeviceStatusWriter(DeviceStatusWriter.Format.TEXT, out);
        writer.device(device("PC-1"));
        writer.device(device("PC-2"));
        writer.finish();
        assertThat(out.toString().lines().toList()).hasSize(4).last().isEqualTo("2 device(s)");
    }

    /** Names an MDM may report: a tab, a newline, an RTL override (U+202E), and 10,000 characters. */
    static final String TAB = "PC\tone";
    static final String NEWLINE = "PC\ntwo";
    static final String RTL = "PC-\u202Eexe.txt";
    static final String LONG = "x".repeat(10_000);

    private static String write(DeviceStatusWriter.Format format) {
        StringWriter out = new StringWriter();
        DeviceStatusWriter writer = new DeviceStatusWriter(format, out);
        for (String name : new String[] {TAB, NEWLINE, RTL, LONG}) {
            writer.device(device(name));
        }
        writer.finish();
        return out.toString();
    }

    @Test
    void textEscapesAndCutsDeviceNamesSoEachDeviceStaysOneReadableLine() {
        List<String> lines = write(DeviceStatusWriter.Format.TEXT).lines().toList();

        assertThat(lines).hasSize(1 + 4 + 1);
        assertThat(lines.get(1)).contains("PC\\tone").doesNotContain("\t");
        assertThat(lines.get(2)).contains("PC\\ntwo");
        assertThat(lines.get(3)).contains("PC-\\u202eexe.txt").doesNotContain("\u202E");
        assertThat(lines.get(4)).contains("x".repeat(40) + "…(10000 chars)").doesNotContain("x".repeat(41)).hasSizeLessThan(300);
    }

    @Test
    void csvEscapesAndCutsDeviceNamesSoEachDeviceStaysOneRecord() {
        List<String> lines = write(DeviceStatusWriter.Format.CSV).lines().toList();

        assertThat(lines).hasSize(1 + 4);
        assertThat(lines.get(1)).startsWith("win,intune,id-1,PC\\tone,");
        assertThat(lines.get(2)).startsWith("win,intune,id-1,PC\\ntwo,");
        assertThat(lines.get(3)).startsWith("win,intune,id-1,PC-\\u202eexe.txt,");
        assertThat(lines.get(4)).startsWith("win,intune,id-1," + "x".repeat(40) + "…(10000 chars),");
        assertThat(String.join("\n", lines)).doesNotContain("\t", "\u202E");
    }

    @Test
    void jsonKeepsTheNameAsTheMdmReportedItJsonEscaped() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(write(DeviceStatusWriter.Format.JSON));

        assertThat(doc.get("devices")).extracting(d -> d.get("device_name").asText()).containsExactly(TAB, NEWLINE, RTL, LONG);
    }
}
