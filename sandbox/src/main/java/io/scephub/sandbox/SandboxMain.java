package io.scephub.sandbox;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the sandbox until Ctrl-C and prints where it listens. Options:
 * {@code --okta-port N --graph-port N --okta-rate-limit PER_MINUTE --graph-writes PER_20S
 * --graph-requests PER_20S --fault VENDOR:EVERY_NTH:WHAT} where WHAT is a status (429, 503, with an
 * optional {@code /RETRY_AFTER}), {@code reset} or {@code delay=MILLIS}.
 */
public final class SandboxMain {

    private SandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SandboxOptions options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sandbox: " + e.getMessage());
            System.err.println("usage: SandboxMain [--okta-port N] [--graph-port N] [--okta-rate-limit PER_MINUTE]"
                    + " [--graph-writes PER_20S] [--graph-requests PER_20S] [--fault VENDOR:EVERY_NTH:429/2|503|reset|delay=MILLIS]...");
            System.exit(2);
            return;
        }
        Sandbox sandbox = Sandbox.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "sandbox-shutdown"));
        System.out.println("scephub sandbox running (Ctrl-C to stop)");
        System.out.println("  Okta org URL      " + sandbox.oktaBaseUrl());
        System.out.println("  Graph beta URL    " + sandbox.graphBaseUrl());
        System.out.println("  Entra authority   " + sandbox.authorityHost()
                + "  (token: POST /" + options.tenantId() + "/oauth2/v2.0/token)");
        System.out.println("  Entra tenant/app  " + options.tenantId() + " / " + options.clientId());
        System.out.println("  Okta service app  " + options.oktaClientId());
        System.out.println("  Okta CA id        " + sandbox.okta().oktaCaId());
        System.out.println("  Intune challenges " + sandbox.authorityHost() + "/sandbox/intune/challenges (POST)  signer: "
                + sandbox.authorityHost() + "/sandbox/intune/challenge-signer  issuer " + sandbox.challenges().issuer());
        System.out.println("  credentials       the sandbox defaults documented in sandbox/README.md");
        options.initialFaults().forEach(rule -> System.out.println("  fault             every " + rule.everyNth()
                + " request(s) to " + rule.vendor() + ": " + rule.fault()));
        stopped.await();
    }

    static SandboxOptions parse(String[] args) {
        SandboxOptions.Builder builder = SandboxOptions.builder();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--okta-port" -> builder.oktaPort(number(flag, value));
                case "--graph-port" -> builder.graphPort(number(flag, value));
                case "--okta-rate-limit" -> builder.oktaRateLimitPerMinute(number(flag, value));
                case "--graph-writes" -> builder.graphWritesPer20s(number(flag, value));
                case "--graph-requests" -> builder.graphRequestsPer20s(number(flag, value));
                case "--fault" -> addFault(builder, value);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return builder.build();
    }

    private static void addFault(SandboxOptions.Builder builder, String spec) {
        String[] parts = spec.split(":", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("--fault " + spec + ": expected VENDOR:EVERY_NTH:WHAT, e.g. graph:3:429/2");
        }
        Vendor vendor;
        try {
            vendor = Vendor.valueOf(parts[0].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--fault " + spec + ": vendor must be okta, graph, entra, jamf, workspaceone or all");
        }
        int everyNth = number("--fault", parts[1]);
        String what = parts[2];
        Fault fault;
        if (what.equals("reset")) {
            fault = Fault.connectionReset();
        } else if (what.equals("reset-after")) {
            fault = Fault.resetAfterProcessing();
        } else if (what.startsWith("delay=")) {
            fault = Fault.delay(Duration.ofMillis(number("--fault", what.substring("delay=".length()))));
        } else {
            String[] statusAndRetry = what.split("/", 2);
            Fault.Status status = Fault.status(number("--fault", statusAndRetry[0]));
            fault = statusAndRetry.length == 2 ? status.retryAfter(statusAndRetry[1]) : status;
        }
        builder.fault(vendor, everyNth, fault);
    }

    private static int number(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": \"" + value + "\" is not a whole number");
        }
    }
}
