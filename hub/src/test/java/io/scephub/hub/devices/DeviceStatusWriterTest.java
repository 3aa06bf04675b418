package io.scephub.hub.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scephub.core.check.DeliveryState;
import io.scephub.core.devices.DeviceStatus;
import java.io.StringWriter;
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
}
