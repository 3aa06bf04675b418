package io.scephub.hub.devices;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.scephub.core.devices.CertificateState;
import io.scephub.core.devices.DeviceStatus;
import io.scephub.core.text.DisplayName;
import io.scephub.core.text.InstantText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes per-device statuses as they arrive, in one of three formats, so {@code status devices} and
 * {@code GET /api/v1/devices} stream a fleet of any size: {@code json} (one document: {@code devices},
 * then {@code notices}, and an {@code error} member when the read failed part way), {@code csv}
 * (RFC 4180, header first, notices as {@code #} lines at the end) or {@code text} (aligned columns).
 */
public final class DeviceStatusWriter implements AutoCloseable {
    /** The output formats, as {@code --output} and {@code ?format=} name them. */
    public enum Format {
        TEXT, JSON, CSV;

        /** The format named {@code name} (any letter case), or empty. */
        public static Optional<Format> named(String name) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(name)) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    static final List<String> COLUMNS = List.of("enrollment", "mdm", "device_id", "device_name", "serial_number", "delivery",
            "vendor_status", "last_reported", "certificate_state", "certificate_issued", "certificate_expires",
            "certificate_thumbprint", "certificate_serial", "error_code", "detail");
    /** A detail is a sentence (often with the MDM's error text), so it is cut later than a name. */
    private static final int DETAIL_LIMIT = 400;
    /** Notices and errors are scephub's own sentences (their names already quoted): only escaped, and cut only when absurd. */
    private static final int MESSAGE_LIMIT = 4000;
    private static final String TEXT_ROW = "%-24s %-22s %-14s %-22s %-20s %-20s %s";

    private final Format format;
    private final Writer out;
    private final JsonGenerator json;
    private final List<String> notices = new ArrayList<>();
    private long devices;
    private boolean started;

    /** Nothing is written before the first device, notice, {@link #finish()} or {@link #fail}. */
    public DeviceStatusWriter(Format format, Writer out) {
        this.format = format;
        this.out = out;
        try {
            this.json = format == Format.JSON ? new JsonFactory().createGenerator(out).useDefaultPrettyPrinter() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether anything was written yet: until then a failure can still be reported as an ordinary error. */
    public boolean started() {
        return started;
    }

    private void start() {
        if (started) {
            return;
        }
        started = true;
        try {
            switch (format) {
                case JSON -> {
                    json.writeStartObject();
                    json.writeStringField("format_version", "1.0");
                    json.writeArrayFieldStart("devices");
                }
                case CSV -> out.write(String.join(",", COLUMNS) + "\r\n");
                case TEXT -> out.write(String.format(TEXT_ROW, "ENROLLMENT", "DEVICE", "DELIVERY", "CERTIFICATE", "EXPIRES",
                        "LAST REPORTED", "DETAIL").stripTrailing() + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void device(DeviceStatus d) {
        start();
        devices++;
        Optional<CertificateState> c = d.certificate();
        try {
            switch (format) {
                case JSON -> {
                    json.writeStartObject();
                    json.writeStringField("enrollment", d.enrollment());
                    json.writeStringField("mdm", d.mdm());
                    json.writeStringField("device_id", d.deviceId());
                    json.writeStringField("device_name", d.deviceName());
                    optional("serial_number", d.serialNumber());
                    json.writeStringField("delivery", label(d));
                    json.writeStringField("vendor_status", d.vendorStatus());
                    optional("last_reported", d.lastReported().map(InstantText::of));
                    if (c.isPresent()) {
                        json.writeObjectFieldStart("certificate");
                        optional("state", c.get().vendorState());
                        optional("issued", c.get().issuedAt().map(InstantText::of));
                        optional("expires", c.get().expiresAt().map(InstantText::of));
                        optional("thumbprint", c.get().thumbprint());
                        optional("serial_number", c.get().serialNumber());
                        optional("error_code", c.get().errorCode());
                        json.writeEndObject();
                    } else {
                        json.writeNullField("certificate");
                    }
                    if (!d.detail().isEmpty()) {
                        json.writeStringField("detail", d.detail());
                    }
                    json.writeEndObject();
                }
                case CSV -> {
                    // What the MDM reports is shown as every name scephub prints (DisplayName): one row stays one row.
                    String[] row = {d.enrollment(), d.mdm(), cell(d.deviceId()), cell(d.deviceName()),
                            cell(d.serialNumber().orElse("")), label(d), cell(d.vendorStatus()),
                            d.lastReported().map(InstantText::of).orElse(""),
                            cell(c.flatMap(CertificateState::vendorState).orElse("")),
                            c.flatMap(CertificateState::issuedAt).map(InstantText::of).orElse(""),
                            c.flatMap(CertificateState::expiresAt).map(InstantText::of).orElse(""),
                            cell(c.flatMap(CertificateState::thumbprint).orElse("")),
                            cell(c.flatMap(CertificateState::serialNumber).orElse("")),
                            cell(c.flatMap(CertificateState::errorCode).orElse("")), DisplayName.cell(d.detail(), DETAIL_LIMIT)};
                    // One builder per row, not a list, a stream and a joined copy: a fleet is 100,000 rows.
                    StringBuilder line = new StringBuilder(256);
                    for (int i = 0; i < row.length; i++) {
                        if (i > 0) {
                            line.append(',');
                        }
                        csv(line, row[i]);
                    }
                    out.append(line.append("\r\n"));
                }
                case TEXT -> out.write(String.format(TEXT_ROW, d.enrollment(), cell(d.deviceName()), label(d),
                        cell(c.flatMap(CertificateState::vendorState).orElse("-")),
                        c.flatMap(CertificateState::expiresAt).map(InstantText::of).orElse("-"),
                        d.lastReported().map(InstantText::of).orElse("-"), DisplayName.cell(d.detail(), DETAIL_LIMIT))
                        .stripTrailing() + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void notice(String notice) {
        notices.add(notice);
    }

    public long devices() {
        return devices;
    }

    /** Ends the output after a read that failed part way, saying so in the output itself. */
    public void fail(String code, String message) {
        String line = "# error: incomplete after " + devices + " device(s): " + DisplayName.cell(message, MESSAGE_LIMIT) + "\n";
        end(generator -> {
            generator.writeObjectFieldStart("error");
            generator.writeStringField("code", code);
            generator.writeStringField("message", message);
            generator.writeEndObject();
        }, line, line);
    }

    /** Ends a complete output. */
    public void finish() {
        end(generator -> generator.writeNumberField("count", devices), "", devices + " device(s)\n");
    }

    /** What JSON output ends with after the devices and notices. */
    @FunctionalInterface
    private interface JsonTail {
        void write(JsonGenerator generator) throws IOException;
    }

    /** Closes the device list and writes the notices, then {@code jsonTail} or the CSV or text tail line. */
    private void end(JsonTail jsonTail, String csvTail, String textTail) {
        start();
        try {
            if (format == Format.JSON) {
                json.writeEndArray();
                writeNotices();
                jsonTail.write(json);
                json.writeEndObject();
                json.flush();
                out.write("\n");
            } else {
                writeNotices();
                out.write(format == Format.CSV ? csvTail : textTail);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeNotices() throws IOException {
        if (format == Format.JSON) {
            json.writeArrayFieldStart("notices");
            for (String n : notices) {
                json.writeString(n);
            }
            json.writeEndArray();
            return;
        }
        for (String n : notices) {
            out.write((format == Format.CSV ? "# notice: " : "! ") + DisplayName.cell(n, MESSAGE_LIMIT) + "\n");
        }
    }

    private void optional(String field, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            json.writeStringField(field, value.get());
        } else {
            json.writeNullField(field);
        }
    }

    private static String cell(String vendorValue) {
        return DisplayName.cell(vendorValue);
    }

    private static String label(DeviceStatus d) {
        return d.delivery().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** RFC 4180 quoting; a leading = + - @ is prefixed with ' so a spreadsheet never runs it as a formula. */
    static String csv(String value) {
        StringBuilder cell = new StringBuilder(value.length() + 2);
        csv(cell, value);
        return cell.toString();
    }

    /** {@link #csv(String)}, appended to {@code line}. */
    private static void csv(StringBuilder line, String value) {
        boolean formula = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0;
        boolean quoted = false;
        for (int i = 0; i < value.length() && !quoted; i++) {
            char ch = value.charAt(i);
            quoted = ch == ',' || ch == '"' || ch == '\n' || ch == '\r';
        }
        if (!quoted) {
            line.append(formula ? "'" : "").append(value);
            return;
        }
        line.append('"').append(formula ? "'" : "");
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            line.append(ch);
            if (ch == '"') {
                line.append('"');
            }
        }
        line.append('"');
    }

    @Override
    public void close() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
