package io.scephub.hub.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.scephub.core.cert.CertificateDetails;
import io.scephub.core.cert.CertificateFileException;
import io.scephub.core.cert.CertificateInspector;
import io.scephub.core.cert.CertificateReport;
import io.scephub.core.cert.ChainAnalysis;
import io.scephub.core.cert.ExtendedKeyUsageEntry;
import io.scephub.core.cert.Finding;
import io.scephub.core.cert.InspectedFile;
import io.scephub.core.cert.OdaExtension;
import io.scephub.core.cert.Pkcs12PasswordSource;
import io.scephub.core.cert.Purpose;
import io.scephub.core.cert.Severity;
import io.scephub.core.model.Secret;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scephub cert check}: checks certificate files for Okta Device Access and Okta upload. */
@Command(name = "check",
        mixinStandardHelpOptions = true,
        exitCodeOnInvalidInput = CertCheckCommand.EXIT_ERROR,
        exitCodeOnExecutionException = CertCheckCommand.EXIT_ERROR,
        description = {
            "Checks device certificates, CA chains and bundles (PEM, DER, PKCS#7, PKCS#12): chain order and"
                    + " signatures, validity, keys, usages, the Okta Device Access extension"
                    + " (1.3.6.1.4.1.51150.13.1 = INTEGER 1), and whether Okta accepts the file for upload.",
            "A PKCS#12 password comes from --password-env, --password-file or a prompt; never from an argument."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every check passed (warnings allowed)",
            "3:a check failed",
            "1:usage error, unreadable file or wrong password"})
public class CertCheckCommand implements Callable<Integer> {
    public static final int EXIT_PASS = 0;
    public static final int EXIT_ERROR = 1;
    public static final int EXIT_CHECK_FAILED = 3;

    /** Reads a password from the user; empty when there is no terminal to ask on. */
    @FunctionalInterface
    public interface PasswordPrompt {
        Optional<char[]> read(String prompt);

        /** Asks on {@link System#console()}, without echo. */
        static PasswordPrompt systemConsole() {
            return prompt -> {
                Console console = System.console();
                return console == null ? Optional.empty() : Optional.ofNullable(console.readPassword("%s", prompt));
            };
        }
    }

    /** How results are printed. */
    public enum OutputFormat {
        TEXT,
        JSON
    }

    /** Accepts {@code text}/{@code json} in any case. */
    static final class OutputFormatConverter implements ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            try {
                return OutputFormat.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not one of text, json");
            }
        }
    }

    /** Where a PKCS#12 password comes from; at most one. */
    static final class PasswordOptions {
        @Option(names = "--password-env", paramLabel = "NAME", description = "Read the PKCS#12 password from environment variable NAME.")
        String environmentVariable;

        @Option(names = "--password-file", paramLabel = "FILE", description = "Read the PKCS#12 password from FILE (first line).")
        Path file;
    }

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    PasswordOptions passwordOptions;

    // Present only to refuse it without echoing the value: passwords on the command line end up in
    // shell history and process listings.
    @Option(names = {"--password", "--pass", "-p"}, hidden = true, arity = "0..1")
    String refusedPassword;

    @Option(names = "--to-pem", paramLabel = "OUT",
            description = "Write the certificates (never a key) as PEM to OUT, leaf first: what Okta accepts. Needs exactly one FILE.")
    Path toPem;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", converter = OutputFormatConverter.class,
            description = "text (default) or json.")
    OutputFormat output;

    @Option(names = "--for-upload",
            description = "The file is meant for upload to Okta as a CA chain: a container Okta refuses is a failure."
                    + " Without it, only files holding CA certificates alone are treated as uploads.")
    boolean forUpload;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Certificate files to check.")
    List<Path> files;

    private final UnaryOperator<String> environment;
    private final Clock clock;
    private final PasswordPrompt prompt;

    public CertCheckCommand() {
        this(System::getenv, Clock.systemUTC(), PasswordPrompt.systemConsole());
    }

    public CertCheckCommand(UnaryOperator<String> environment, Clock clock, PasswordPrompt prompt) {
        this.environment = environment;
        this.clock = clock;
        this.prompt = prompt;
    }

    @Override
    public Integer call() {
        if (refusedPassword != null) {
            refusedPassword = null;
            throw new ParameterException(spec.commandLine(),
                    "passwords are never taken as arguments (they would end up in shell history and process lists):"
                            + " use --password-env NAME or --password-file FILE, or omit both to be prompted");
        }
        if (toPem != null && files.size() != 1) {
            throw new ParameterException(spec.commandLine(), "--to-pem needs exactly one FILE, got " + files.size());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CertificateInspector inspector = new CertificateInspector(clock, this::password);
        List<FileResult> results = new ArrayList<>();
        for (Path file : files) {
            FileResult result = check(inspector, file);
            results.add(result);
            if (result.error() != null) {
                err.println("scephub cert check: " + result.error());
            }
        }
        int exitCode = exitCode(results);
        if (output == OutputFormat.JSON) {
            printJson(out, new Summary(verdictName(exitCode), exitCode, results));
        } else {
            for (FileResult result : results) {
                printText(out, result);
            }
        }
        out.flush();
        err.flush();
        return exitCode;
    }

    private FileResult check(CertificateInspector inspector, Path file) {
        String source = file.toString();
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return FileResult.error(source, CertificateFileException.UNREADABLE, source + ": no such file");
        } catch (IOException e) {
            return FileResult.error(source, CertificateFileException.UNREADABLE, source + ": cannot be read: " + e.getMessage());
        }
        try {
            InspectedFile inspected = inspector.inspect(source, content, forUpload ? Purpose.OKTA_UPLOAD : Purpose.AUTO);
            CertificateReport report = inspected.report();
            if (toPem != null) {
                String problem = writePem(file, inspected);
                if (problem != null) {
                    return new FileResult(source, null, report, null, CertificateFileException.UNREADABLE, problem);
                }
                report = report.withPemCopyWrittenTo(toPem.toString());
                return new FileResult(source, report.verdict(), report, toPem.toString(), null, null);
            }
            return new FileResult(source, report.verdict(), report, null, null, null);
        } catch (CertificateFileException e) {
            return FileResult.error(source, e.code(), e.getMessage());
        }
    }

    private String writePem(Path input, InspectedFile inspected) {
        if (inspected.certificates().isEmpty()) {
            return input + ": no certificate to write to " + toPem;
        }
        try {
            if (Files.exists(toPem) && Files.isSameFile(input, toPem)) {
                return "--to-pem " + toPem + " is the input file itself; choose another name";
            }
            Files.writeString(toPem, inspected.orderedPem(), StandardCharsets.US_ASCII);
            return null;
        } catch (IOException e) {
            return "cannot write " + toPem + ": " + e.getMessage();
        }
    }

    private Secret password(String source) {
        if (passwordOptions != null && passwordOptions.environmentVariable != null) {
            String name = passwordOptions.environmentVariable;
            String value = environment.apply(name);
            if (value == null) {
                throw unavailable(source + " is PKCS#12 and environment variable " + name + " (from --password-env) is not set");
            }
            return Secret.of(value, "env:" + name);
        }
        if (passwordOptions != null && passwordOptions.file != null) {
            Path file = passwordOptions.file;
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                // Only the line end an editor or `echo` adds is dropped; other whitespace may be part of the password.
                return Secret.of(text.replaceFirst("\\r?\\n\\z", ""), "file:" + file);
            } catch (IOException e) {
                throw unavailable(source + " is PKCS#12 and the password file " + file + " cannot be read: " + e.getMessage());
            }
        }
        char[] typed = prompt.read("Password for " + source + ": ").orElseThrow(() -> unavailable(source
                + " is PKCS#12 and needs its password, but there is no terminal to ask on: use --password-env NAME or --password-file FILE"));
        return Secret.of(new String(typed), "prompt");
    }

    private static CertificateFileException unavailable(String message) {
        return new CertificateFileException(CertificateFileException.PASSWORD_UNAVAILABLE, message);
    }

    private static int exitCode(List<FileResult> results) {
        if (results.stream().anyMatch(r -> r.error() != null)) {
            return EXIT_ERROR;
        }
        return results.stream().anyMatch(r -> r.verdict() == Severity.FAIL) ? EXIT_CHECK_FAILED : EXIT_PASS;
    }

    private static String verdictName(int exitCode) {
        return switch (exitCode) {
            case EXIT_PASS -> "PASS";
            case EXIT_CHECK_FAILED -> "FAIL";
            default -> "ERROR";
        };
    }

    private static void printJson(PrintWriter out, Summary summary) {
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL));
        try {
            out.println(mapper.writeValueAsString(summary));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the report as JSON", e);
        }
    }

    private static void printText(PrintWriter out, FileResult result) {
        out.println("== " + result.file() + " ==");
        if (result.error() != null) {
            // The reason went to stderr as the file was checked; printing it here too would show it twice.
            out.println("ERROR " + result.errorCode() + "  (reason on stderr)");
            out.println();
            return;
        }
        CertificateReport report = result.report();
        out.println("Format       " + report.format().displayName() + ", " + report.certificates().size() + " certificate(s)"
                + (report.privateKeyPresent() ? ", private key present" : ""));
        if (report.oktaUpload().accepted()) {
            out.println("Okta upload  accepted (" + report.oktaUpload().reason() + ")");
        } else {
            out.println("Okta upload  refused: " + report.oktaUpload().reason());
            if (report.oktaUpload().conversionCommand() != null) {
                out.println("             convert: " + report.oktaUpload().conversionCommand());
            }
        }
        for (CertificateDetails cert : report.certificates()) {
            printCertificate(out, cert);
        }
        if (!report.certificates().isEmpty()) {
            printChain(out, report.chain());
        }
        // Problems first; the report itself keeps the order the checks ran in.
        List<Finding> problemsFirst = report.findings().stream()
                .sorted(Comparator.comparing(Finding::severity).reversed()).toList();
        for (Finding finding : problemsFirst) {
            out.printf("%-5s %s  %s%n", finding.severity(), finding.code(), finding.message());
            if (!finding.nextStep().isEmpty()) {
                out.println("      next: " + finding.nextStep());
            }
        }
        out.println("Verdict      " + result.verdict());
        out.println();
    }

    private static void printCertificate(PrintWriter out, CertificateDetails cert) {
        String kind = cert.certificateAuthority() ? (cert.selfSigned() ? "self-signed root CA" : "CA")
                : (cert.selfSigned() ? "end entity, self-signed" : "end entity");
        out.println("[" + cert.index() + "] " + cert.subject() + "  (" + kind + ")");
        out.println("    issuer     " + cert.issuer());
        out.println("    serial     " + cert.serialNumberHex());
        String state = cert.expired() ? "EXPIRED " + (-cert.daysLeft()) + " days ago"
                : cert.notYetValid() ? "NOT YET VALID" : cert.daysLeft() + " days left";
        out.println("    valid      " + cert.notBefore() + " to " + cert.notAfter() + " (" + state + ")");
        out.println("    key        " + cert.publicKey().describe());
        out.println("    key usage  " + (cert.keyUsage().isEmpty() ? "(none)" : String.join(", ", cert.keyUsage())));
        out.println("    EKUs       " + (cert.extendedKeyUsages().isEmpty() ? "(none)"
                : cert.extendedKeyUsages().stream().map(ExtendedKeyUsageEntry::describe).collect(Collectors.joining(", "))));
        OdaExtension oda = cert.odaExtension();
        String criticality = oda.critical() == null ? "" : oda.critical() ? ", critical" : ", non-critical";
        out.println("    ODA ext    " + oda.status() + " (" + oda.detail() + criticality + ")");
        out.println("    sha256     " + cert.sha256Fingerprint());
    }

    private static void printChain(PrintWriter out, ChainAnalysis chain) {
        out.println("Chain        file order " + join(chain.fileOrder()) + "; leaf to root " + join(chain.properOrder())
                + (chain.wrongOrder() ? " (file is out of order)" : "")
                + "; signatures " + (chain.signaturesVerify() ? "verify" : "do NOT all verify")
                + "; " + (chain.endsInSelfSignedRoot() ? "ends in a self-signed root" : "no self-signed root"));
        chain.links().forEach(link -> out.println("    [" + link.certificateIndex() + "] "
                + (link.issuerIndex() == null || link.issuerIndex() == link.certificateIndex() ? "" : "issued by [" + link.issuerIndex() + "]: ")
                + link.status()));
    }

    private static String join(List<Integer> indexes) {
        return indexes.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    /** The outcome for one file: a report, or the error that kept it from being read. */
    public record FileResult(String file, Severity verdict, CertificateReport report, String pemWrittenTo,
                             String errorCode, String error) {
        static FileResult error(String file, String code, String message) {
            return new FileResult(file, null, null, null, code, message);
        }
    }

    /** The JSON document: overall verdict, exit code and one entry per file. */
    public record Summary(String verdict, int exitCode, List<FileResult> files) {
    }
}
