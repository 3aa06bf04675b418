package io.scephub.hub.cli;

import io.scephub.config.EnvFileSecrets;
import io.scephub.config.HubSettings;
import io.scephub.config.ScephubConfig;
import io.scephub.core.challenge.ChallengeAccepted;
import io.scephub.core.challenge.ChallengeDecision;
import io.scephub.core.challenge.ChallengeRejected;
import io.scephub.core.challenge.ChallengeVerifier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.scephub.hub.Hub;
import io.scephub.hub.HubEnvironment;
import io.scephub.hub.challenge.ChallengeVerification;
import io.scephub.hub.challenge.DecisionJson;
import io.scephub.hub.HubRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code scephub verify-challenge}: decides one delegated SCEP challenge exactly as the REST API
 * would, on the configured state store (so a replay is caught across both), and audits it.
 * Exit 0 accepted, 3 rejected, 1 on usage or I/O errors. The token is never printed.
 */
@Command(name = "verify-challenge", exitCodeOnInvalidInput = ScephubCommand.EXIT_ERROR,
        description = {"Verify a delegated SCEP challenge (signed JWS) against delegatedChallenge: in scephub.yaml.",
                "Exit codes: 0 accepted, 3 rejected (reason on stderr), 1 usage or other errors."})
public final class VerifyChallengeCommand implements Callable<Integer> {
    /** Exit code of a rejected challenge. */
    public static final int EXIT_REJECTED = 3;
    /** Read no more than this from the token source; anything longer is TOO_LARGE anyway. */
    private static final int MAX_READ = ChallengeVerifier.MAX_TOKEN_CHARS * 4;
    private static final Path DEFAULT_CONFIG = Path.of("scephub.yaml");

    @ParentCommand
    private ScephubCommand root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--token", required = true, paramLabel = "FILE|-", description = "File holding the challenge, or - for stdin.")
    private String token;

    @Option(names = "--csr", paramLabel = "FILE", description = "The PKCS#10 CSR (PEM or DER) the challenge must belong to.")
    private Path csr;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "scephub.yaml with the trust configuration (default: scephub.yaml if present; without it no signer is trusted).")
    private Path config;

    @picocli.CommandLine.Mixin
    private TenantOption tenant;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    private ConfigOptions.OutputFormat output;

    @Override
    public Integer call() throws IOException {
        HubEnvironment env = root.env();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String tokenText = readToken(env);
        Optional<byte[]> csrBytes = csr == null ? Optional.empty() : Optional.of(readFile(env.resolve(csr), "CSR"));

        Path configFile = env.resolve(config == null ? DEFAULT_CONFIG : config);
        ChallengeDecision decision;
        try (Hub hub = root.newHub()) {
            ChallengeVerification verification;
            // A one-shot command has no scrape endpoint: the decision is counted, and goes with the process.
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            if (config == null && !Files.exists(configFile)) {
                // No configuration at all: run every check anyway, trusting no signer.
                HubRuntime runtime = hub.runtime(HubSettings.State.embedded(env.workingDirectory().resolve("data").normalize()),
                        new EnvFileSecrets(env.env(), env.workingDirectory()));
                verification = ChallengeVerification.create(Optional.empty(), runtime.store(), env.clock(), metrics);
            } else {
                ScephubConfig loaded = hub.load(configFile);
                List<String> selected = tenant.select(loaded);
                if (selected.size() != 1) {
                    throw CliError.usage("verify-challenge checks a token against one tenant's signers; name it with --tenant"
                            + " (" + loaded.source().getFileName() + " defines " + String.join(", ", selected) + ")");
                }
                HubRuntime runtime = hub.runtime(loaded);
                verification = ChallengeVerification.forTenant(loaded, selected.get(0), runtime.store(), env.clock(), metrics);
            }
            decision = verification.verify(tokenText, csrBytes, "cli");
        }
        if (output == ConfigOptions.OutputFormat.json) {
            out.println(DecisionJson.of(decision).toPrettyString());
        }
        if (decision instanceof ChallengeAccepted a) {
            if (output == ConfigOptions.OutputFormat.text) {
                out.println("accepted: subject " + a.subject() + ", issuer " + a.issuer() + ", audience " + a.audience()
                        + ", jti " + a.jti() + ", expires " + a.expiry() + ", signer " + a.signerFingerprint());
            }
            return 0;
        }
        ChallengeRejected r = (ChallengeRejected) decision;
        err.println("rejected: " + r.reason() + ": " + r.detail());
        err.flush();
        return EXIT_REJECTED;
    }

    private String readToken(HubEnvironment env) throws IOException {
        byte[] bytes = token.equals("-") ? readLimited(System.in) : readFile(env.resolve(Path.of(token)), "token");
        // ISO-8859-1 keeps every byte one char, so non-ASCII input reaches the verifier as MALFORMED, not as an I/O error.
        return new String(bytes, StandardCharsets.ISO_8859_1).strip();
    }

    private static byte[] readFile(Path file, String what) throws IOException {
        if (Files.isDirectory(file)) {
            throw CliError.usage(what + " file " + file + " is a directory; expected the file that holds the " + what);
        }
        if (!Files.exists(file)) {
            throw CliError.usage(what + " file " + file + " not found");
        }
        if (!Files.isRegularFile(file)) {
            throw CliError.usage(what + " file " + file + " is not a regular file (a device, pipe or socket); use --"
                    + (what.equals("token") ? "token - to read it from stdin" : "csr with a file"));
        }
        try (InputStream in = Files.newInputStream(file)) {
            return readLimited(in);
        }
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        return in.readNBytes(MAX_READ);
    }
}
