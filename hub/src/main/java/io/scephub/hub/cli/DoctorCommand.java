package io.scephub.hub.cli;

import io.scephub.config.ScephubConfig;
import io.scephub.core.cert.CertificateInspector;
import io.scephub.core.cert.InspectedFile;
import io.scephub.core.cert.Pkcs12PasswordSource;
import io.scephub.core.cert.Purpose;
import io.scephub.hub.Hub;
import io.scephub.hub.HubSession;
import io.scephub.hub.KeptReadsMode;
import io.scephub.hub.check.DeviceDoctor;
import io.scephub.hub.check.DoctorReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.core.expiry.CredentialExpiry;
import io.scephub.hub.expiry.ExpiryOutput;
import io.scephub.hub.expiry.ExpiryWatch;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scephub doctor}: the field guide's three checks for one device — pushed? chain? EKU? */
@Command(name = "doctor",
        description = {"Triage one device: did the MDM push the SCEP profile, does Okta hold the right chain (and does the"
                + " device certificate chain to it), does the certificate carry the Okta Device Access extension and EKU.",
            "Each check prints PASS/FAIL with the next step, in the order the field guide recommends.",
            "Then the expiry watch: the Entra app's client secrets and certificates (where Graph lets scephub read them),",
            "the custom CA chains uploaded to Okta and the delegated-challenge signer roots, each OK / WARN (within",
            "expiry.warnBefore) / FAIL (expired) / UNKNOWN (e.g. needs Application.Read.All).",
            "Then the renewal rings' stuck devices (pushed more than maxRepush times without re-enrolling), as the last sync",
            "recorded them. Without --device, only the expiry watch and the stuck devices."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every check passed", "3:a check failed, a watched credential has expired or a device is stuck in renewal",
            "1:error (configuration, vendor, unreadable file)"})
public final class DoctorCommand extends ConfiguredCommand {
    @Option(names = "--device", paramLabel = "NAME|SERIAL", description = "The device name or serial number as the MDM knows it"
            + " (without it, only the expiry watch runs).")
    private String device;

    @Option(names = "--enrollment", paramLabel = "NAME", description = "The enrollment to check (default: the one whose MDM has the profile on the device).")
    private String enrollment;

    @Option(names = "--cert", paramLabel = "FILE", description = "The device certificate exported from the device (PEM or DER).")
    private Path cert;

    @picocli.CommandLine.Mixin
    private TenantOption tenant;

    @Override
    public Integer call() throws Exception {
        try (Hub hub = root.newHub()) {
            Optional<InspectedFile> certificate;
            try {
                certificate = cert == null ? Optional.empty() : Optional.of(inspect(cert));
            } catch (IOException e) {
                return error("--cert: cannot read " + cert + ": " + (e instanceof NoSuchFileException ? "no such file" : e.getMessage()));
            }
            ScephubConfig loaded = hub.load(options.config);
            Optional<InspectedFile> checked = certificate;
            return PerTenant.sequential(spec.commandLine(), options.output == ConfigOptions.OutputFormat.json, loaded,
                    tenant.select(loaded), config -> diagnose(hub, config, checked));
        }
    }

    private int diagnose(Hub hub, ScephubConfig config, Optional<InspectedFile> certificate) {
        {
            try (HubSession session = hub.open(config, KeptReadsMode.CHECK)) {
                Instant now = root.env().clock().instant();
                Duration warn = config.alerting().expiryWarning();
                List<CredentialExpiry> credentials = ExpiryWatch.collect(config, session.connectors());
                boolean expired = ExpiryOutput.anyExpired(credentials, now);
                PrintWriter out = spec.commandLine().getOut();
                notifyExpiries(hub, config, credentials);
                if (device == null) {
                    StuckOutput stuck = StuckOutput.read(session, config);
                    if (options.output == ConfigOptions.OutputFormat.json) {
                        ObjectNode body = new ObjectMapper().createObjectNode();
                        body.put("passed", !expired && stuck.devices().isEmpty());
                        body.set("expiry", ExpiryOutput.json(credentials, now, warn));
                        body.set("stuck_devices", stuck.json());
                        out.println(body.toPrettyString());
                    } else {
                        ExpiryOutput.text(credentials, now, warn, out);
                        stuck.text(out);
                    }
                    return expired || !stuck.devices().isEmpty() ? CertCheckCommand.EXIT_CHECK_FAILED : 0;
                }
                DoctorReport report;
                try {
                    report = new DeviceDoctor(session, root.env().clock()).diagnose(device, Optional.ofNullable(enrollment), certificate);
                } catch (IllegalArgumentException e) {
                    return error(e.getMessage());
                }
                CheckOutput.printDoctor(report, options.output, out, ExpiryOutput.json(credentials, now, warn));
                if (options.output != ConfigOptions.OutputFormat.json) {
                    ExpiryOutput.text(credentials, now, warn, out);
                }
                return report.failed() || expired ? CertCheckCommand.EXIT_CHECK_FAILED : 0;
            }
        }
    }

    /**
     * Sends the expiry notices due today when a webhook wants them, as {@code serve}'s watch does: once per credential,
     * target and day across every instance on the store. A failure is a warning; the check's result stands.
     */
    private void notifyExpiries(Hub hub, ScephubConfig config, List<CredentialExpiry> credentials) {
        if (!io.scephub.hub.expiry.ExpiryAlerts.wanted(config)) {
            return;
        }
        PrintWriter err = spec.commandLine().getErr();
        try {
            int sent = io.scephub.hub.expiry.ExpiryAlerts.sendDue(hub, config, credentials);
            if (sent > 0) {
                err.println("expiry: " + sent + " notice(s) sent (each credential once a day per webhook; see scephub status notifications)");
            }
        } catch (RuntimeException e) {
            err.println("warning: expiry notices not sent: " + (e instanceof io.scephub.core.error.ScephubException ? e.getMessage()
                    : e.getClass().getSimpleName()));
        }
    }

    private InspectedFile inspect(Path file) throws IOException {
        byte[] content = Files.readAllBytes(root.env().resolve(file));
        return new CertificateInspector(root.env().clock(), Pkcs12PasswordSource.none()).inspect(file.toString(), content, Purpose.AUTO);
    }

    private static int error(String message) {
        throw CliError.usage(message);
    }
}
