package io.scephub.hub.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.config.ScephubConfig;
import io.scephub.core.renewal.ExpiryWave;
import io.scephub.core.renewal.RenewalForecast;
import io.scephub.hub.ConnectorNeeds;
import io.scephub.hub.Hub;
import io.scephub.hub.HubSession;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code scephub renewal}: the renewal gap of enrollments with Okta as the CA. */
@Command(name = "renewal", description = "Okta as the CA has no SCEP renewal: see when profiles must be redistributed.",
        subcommands = {RenewalCommand.Forecast.class, CommandLine.HelpCommand.class})
public final class RenewalCommand extends CommandGroup {
    /** {@code scephub renewal forecast}: the upcoming expiry waves per enrollment, as plan and apply see them. */
    @Command(name = "forecast", description = {"Print the upcoming certificate expiry waves per enrollment (Okta CA with a renewal policy):",
            "when each wave is redistributed and whether it is due now, scheduled (staggered), ok or already redistributed.",
            "Exit code: 0, or 1 on error."})
    static final class Forecast extends Subcommand {
        private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
        private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);

        @Mixin
        private ConfigOptions options;

        @picocli.CommandLine.Mixin
        private TenantOption tenant;

        @Override
        public Integer call() throws Exception {
            try (Hub hub = root().newHub()) {
                ScephubConfig loaded = hub.load(options.config);
                return PerTenant.sequential(spec.commandLine(), options.output == ConfigOptions.OutputFormat.json, loaded,
                        tenant.select(loaded), config -> forecast(hub, config));
            }
        }

        private int forecast(Hub hub, ScephubConfig config) {
            PrintWriter out = spec.commandLine().getOut();
            {
                try (HubSession session = hub.open(config, ConnectorNeeds.renewalForecast())) {
                    RenewalForecast forecast = session.renewalForecast();
                    if (options.output == ConfigOptions.OutputFormat.json) {
                        out.println(json(forecast).toPrettyString());
                    } else {
                        out.print(text(forecast));
                    }
                    out.flush();
                    return 0;
                }
            }
        }

        static ObjectNode json(RenewalForecast forecast) {
            JsonNodeFactory nodes = JsonNodeFactory.instance;
            ObjectNode root = nodes.objectNode();
            root.put("format_version", "1.0");
            root.put("now", forecast.now().toString());
            ArrayNode waves = root.putArray("waves");
            for (ExpiryWave w : forecast.waves()) {
                ObjectNode node = waves.addObject();
                node.put("enrollment", w.enrollment());
                node.put("profile", w.profile().toString());
                node.put("connector", w.connector());
                node.put("start", w.start().toString());
                node.put("end", w.end().toString());
                node.put("devices", w.devices());
                node.put("due_at", w.dueAt().toString());
                node.put("redistribute_at", w.redistributeAt().toString());
                node.put("status", w.status().label());
                node.put("batch", w.batch());
                node.put("source", w.source().label());
            }
            ArrayNode notices = root.putArray("notices");
            forecast.notices().forEach(notices::add);
            return root;
        }

        static String text(RenewalForecast forecast) {
            StringBuilder out = new StringBuilder();
            if (forecast.waves().isEmpty()) {
                out.append("No expiry waves: no enrollment with ca: okta and a renewal policy has a deployed profile.\n");
            } else {
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"ENROLLMENT", "WAVE START", "WAVE END", "DEVICES", "REDISTRIBUTE AT", "STATUS", "BATCH", "SOURCE"});
                for (ExpiryWave w : forecast.waves()) {
                    rows.add(new String[] {w.enrollment(), format(DAY, w.start()), format(DAY, w.end()), String.valueOf(w.devices()),
                            format(MINUTE, w.redistributeAt()), w.status().label(), w.batch() == 0 ? "-" : String.valueOf(w.batch()),
                            w.source().label()});
                }
                int[] widths = new int[rows.get(0).length];
                rows.forEach(r -> {
                    for (int i = 0; i < r.length; i++) {
                        widths[i] = Math.max(widths[i], r[i].length());
                    }
                });
                for (String[] r : rows) {
                    StringBuilder line = new StringBuilder();
                    for (int i = 0; i < r.length; i++) {
                        line.append(String.format("%-" + widths[i] + "s", r[i])).append(i < r.length - 1 ? "  " : "");
                    }
                    out.append(line.toString().stripTrailing()).append('\n');
                }
            }
            if (!forecast.notices().isEmpty()) {
                out.append("Notices:\n");
                forecast.notices().forEach(n -> out.append("  ! ").append(n).append('\n'));
            }
            out.append("As of ").append(forecast.now()).append(": ").append(forecast.due().size())
                    .append(" redistribution(s) due now; plan and apply carry them out.\n");
            return out.toString();
        }

        private static String format(DateTimeFormatter f, TemporalAccessor t) {
            return f.format(t);
        }
    }
}
