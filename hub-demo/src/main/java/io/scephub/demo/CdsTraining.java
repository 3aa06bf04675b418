package io.scephub.demo;

import io.scephub.hub.HubEnvironment;
import io.scephub.hub.cds.TrainingRun;
import io.scephub.hub.cli.ScephubCommand;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxConfigFile;
import io.scephub.sandbox.SandboxOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Build step (hub-demo's package phase, after the hub's jar exists): writes the hub's second class-data-sharing archive,
 * {@code hub/target/scephub-reads.jsa}, from {@code plan}, {@code status devices} and {@code renewal forecast} run against
 * this module's sandbox, one enrollment per MDM with a renewal policy; {@code ./scephub} gives it to {@code status} and
 * {@code renewal}.
 *
 * <p>Those commands spent most of their CPU loading and verifying classes the {@code validate} archive does not hold (the
 * Graph SDK's models above all, then H2, Flyway, OkHttp and Jackson). It is a second archive, not the one archive made
 * larger: holding those classes makes the archive six times larger, and Debian's JDK 17 relocates an archive at every
 * start, which cost {@code --version} and {@code validate} about 0.2 s of CPU each. The sandbox runs here; the commands run
 * in a child JVM started exactly as {@code ./scephub} starts one ({@code -cp scephub.jar}, C1, serial GC), because an
 * archive only serves the class path it was made with. A training that fails writes no archive and says so: the commands
 * then start with the {@code validate} one, only slower.
 *
 * <p>Usage: {@code CdsTraining HUB_TARGET_DIR WORK_DIR}.
 */
public final class CdsTraining {
    /** The archive's file name under the hub's target directory, as ./scephub looks for it. */
    public static final String ARCHIVE = "scephub-reads.jsa";
    private static final String WEBHOOK_PASSWORD = "cds-training-webhook-password";
    /** Intune certificates the forecast reads (the sandbox's seeded devices hold none of this profile's yet). */
    private static final int INTUNE_CERTIFICATES = 3;

    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: CdsTraining HUB_TARGET_DIR WORK_DIR");
            System.exit(2);
        }
        Path hubTarget = Path.of(args[0]).toAbsolutePath();
        Path work = Files.createDirectories(Path.of(args[1]).toAbsolutePath());
        Path jar = hubTarget.resolve("scephub.jar");
        Path archive = hubTarget.resolve(ARCHIVE);
        Path trained = work.resolve("scephub.jsa");
        if (!Files.isRegularFile(jar)) {
            System.out.println("cds-training: no " + jar + " (the hub was not built in this reactor); nothing to train");
            return;
        }
        if (upToDate(archive, inputs(hubTarget))) {
            System.out.println("cds-training: " + archive + " is newer than the hub's jar, its lib/, this training's class path"
                    + " and the JDK; kept");
            return;
        }
        Files.deleteIfExists(trained);
        int exit;
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults())) {
            Map<String, String> env = new HashMap<>(System.getenv());
            env.putAll(SandboxConfigFile.environment(sandbox, WEBHOOK_PASSWORD));
            Path config = work.resolve("scephub.yaml");
            Files.writeString(config, yaml(sandbox), StandardCharsets.UTF_8);
            String[] apply = {"apply", "--auto-approve", "--config", config.toString()};
            int applied = ScephubCommand.commandLine(new HubEnvironment(env, work, Clock.systemUTC()), apply).execute(apply);
            if (applied != 0) {
                System.out.println("cds-training: apply against the sandbox exited " + applied
                        + "; no archive for the read commands");
                Files.deleteIfExists(archive);
                return;
            }
            seedIntuneCertificates(sandbox);
            List<String> command = new ArrayList<>(List.of(java(), "-XX:ArchiveClassesAtExit=" + trained,
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                    "-cp", jar.toString(), TrainingRun.class.getName()));
            command.addAll(List.of("plan", "--config", config.toString(), TrainingRun.NEXT,
                    "status", "devices", "--config", config.toString(), TrainingRun.NEXT,
                    "status", "devices", "--output", "csv", "--config", config.toString(), TrainingRun.NEXT,
                    "renewal", "forecast", "--output", "json", "--config", config.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("training.log").toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                System.out.println("cds-training: the training run did not end in 10 minutes; no archive for the read commands");
                Files.deleteIfExists(archive);
                return;
            }
            exit = process.exitValue();
        }
        if (exit != 0 || !Files.isRegularFile(trained)) {
            System.out.println("cds-training: the training run exited " + exit + " (see " + work.resolve("training.log")
                    + "); no archive for the read commands");
            Files.deleteIfExists(archive);
            return;
        }
        Files.move(trained, archive, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("cds-training: " + archive + " holds the classes of plan, status devices and renewal forecast");
    }

    /**
     * What the archive is made from: the hub's jar and lib/ (an archive only serves the class path it was made with), the
     * training's own class path (this code, the sandbox) and the JDK's modules.
     */
    static List<Path> inputs(Path hubTarget) {
        List<Path> inputs = new ArrayList<>(List.of(hubTarget.resolve("scephub.jar"), hubTarget.resolve("lib"),
                Path.of(System.getProperty("java.home"), "lib", "modules")));
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) {
                inputs.add(Path.of(entry));
            }
        }
        return inputs;
    }

    /**
     * Whether {@code archive} exists and is newer than every file of {@code inputs} (directories walked): then a training
     * would make the same archive again, which is most of hub-demo's package time when nothing it depends on changed.
     */
    static boolean upToDate(Path archive, List<Path> inputs) throws java.io.IOException {
        if (!Files.isRegularFile(archive)) {
            return false;
        }
        java.nio.file.attribute.FileTime made = Files.getLastModifiedTime(archive);
        for (Path input : inputs) {
            if (!Files.exists(input)) {
                continue;
            }
            try (java.util.stream.Stream<Path> files = Files.walk(input)) {
                if (files.filter(Files::isRegularFile).anyMatch(f -> newer(f, made))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean newer(Path file, java.nio.file.attribute.FileTime than) {
        try {
            return Files.getLastModifiedTime(file).compareTo(than) >= 0;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    /** One enrollment per MDM with a renewal policy, so the forecast reads every MDM's fleet. */
    static String yaml(Sandbox sandbox) {
        return SandboxConfigFile.withEnvironment(sandbox).header() + "enrollments:\n"
                + SandboxConfigFile.renewalEnrollment("intune", "train-intune")
                + SandboxConfigFile.renewalEnrollment("jamf", "train-jamf")
                + SandboxConfigFile.renewalEnrollment("workspaceone", "train-workspaceone");
    }

    private static void seedIntuneCertificates(Sandbox sandbox) {
        Instant now = Instant.now();
        sandbox.graph().deviceConfigurations().stream()
                .filter(p -> p.path("@odata.type").asText().endsWith("windows81SCEPCertificateProfile"))
                .map(p -> p.path("id").asText()).findFirst()
                .ifPresent(profile -> {
                    for (int i = 1; i <= INTUNE_CERTIFICATES; i++) {
                        Instant issued = now.minus(Duration.ofDays(30L * i));
                        sandbox.graph().addDeviceCertificate(profile, "WIN-TRAIN-" + i, issued, issued.plus(Duration.ofDays(365)));
                    }
                });
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
