package io.scephub.demo;

import io.scephub.config.ScephubConfig;
import io.scephub.core.apply.ApplyResult;
import io.scephub.core.plan.Plan;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.scephub.hub.Hub;
import io.scephub.hub.HubRuntime;
import io.scephub.hub.HubSession;
import io.scephub.hub.challenge.ChallengeVerification;
import io.scephub.hub.cli.ConfigOptions;
import io.scephub.hub.cli.PlanOutput;
import io.scephub.hub.cli.ProgressPrinter;
import io.scephub.hub.cli.ScephubCommand;
import io.scephub.hub.server.ConnectorHooks;
import io.scephub.sandbox.Sandbox;
import io.scephub.sandbox.SandboxOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import io.scephub.sandbox.OktaOidcProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code scephub demo}: starts the sandbox vendors on 127.0.0.1, writes a demo scephub.yaml, plans,
 * applies and plans again, printing each step. Nothing leaves the machine.
 */
@Command(name = "demo", description = {"Run scephub end to end against the built-in sandbox (simulated Okta and Microsoft Graph on 127.0.0.1):",
        "write a demo config, plan, apply, then plan again (which must be empty),",
        "then enrol a simulated device with a delegated challenge and replay it (which must be refused),",
        "then let three simulated devices enrol through the sandbox Okta's SCEP service and cert check their certificates."})
public final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    private ScephubCommand root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "demo",
            description = "Where the demo config, its secret files and its data go (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--throttle-every", paramLabel = "N", defaultValue = "0",
            description = "Make the sandbox answer 429 with Retry-After to every N-th request (0: off).")
    int throttleEvery;

    @Option(names = "--retry-after", paramLabel = "SECONDS", defaultValue = "2",
            description = "The Retry-After the throttled answers carry (default: ${DEFAULT-VALUE}).")
    String retryAfter;

    @Option(names = "--keep-running", description = "Leave the sandbox running after the demo (until Ctrl-C) to try plan/apply by hand.")
    boolean keepRunning;

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults())) {
            if (throttleEvery > 0) {
                sandbox.faults().everyNth(io.scephub.sandbox.Vendor.ALL, throttleEvery, io.scephub.sandbox.Fault.status(429).retryAfter(retryAfter));
                out.println("Sandbox throttles every " + throttleEvery + ". request with 429, Retry-After: " + retryAfter);
            }
            out.println("== 1. Sandbox vendors started on loopback");
            out.println("   Okta admin API:     " + sandbox.oktaBaseUrl());
            out.println("   Microsoft Graph:    " + sandbox.graphBaseUrl());
            out.println("   Jamf Pro:           " + sandbox.jamfBaseUrl());
            out.println("   Workspace ONE UEM:  " + sandbox.workspaceOneBaseUrl());
            // One port for scephub's endpoints: the Jamf webhook registered now must still reach it under --keep-running.
            int port = freePort();
            DemoWorkspace workspace = DemoWorkspace.withHooksOn(root.env().resolve(dir), sandbox, port);
            out.println("== 2. Wrote " + workspace.config() + " (secrets in " + workspace.secretsDir() + ", referenced as ${file:...})");
            try (Hub hub = root.newHub()) {
                ScephubConfig config = hub.load(workspace.config());
                out.println("   validate: " + config.desired().enrollments().size() + " enrollments, valid.");
                // One state store for the apply and the device's challenge; the hub closes it.
                HubRuntime runtime = hub.runtime(config);
                try (HubSession session = runtime.hub().open(config)) {
                    out.println("== 3. Plan (the sandbox starts empty)");
                    Plan first = session.plan();
                    PlanOutput.print(first, ConfigOptions.OutputFormat.text, out);
                    out.println("== 4. Apply");
                    ApplyResult result = session.apply(first, new ProgressPrinter(out, true));
                    PlanOutput.summary(result, out);
                    if (!result.succeeded()) {
                        return ScephubCommand.EXIT_ERROR;
                    }
                    out.println("== 5. Plan again (must be empty: the apply converged)");
                    Plan second = session.plan();
                    PlanOutput.print(second, ConfigOptions.OutputFormat.text, out);
                    if (!second.isEmpty()) {
                        spec.commandLine().getErr().println("error: the second plan is not empty; the demo did not converge");
                        return ScephubCommand.EXIT_ERROR;
                    }
                }
                out.println("== 6. A device enrols with a delegated challenge, then the challenge is replayed");
                ChallengeVerification verification = ChallengeVerification.create(config.delegatedChallenge(), runtime.store(),
                        root.env().clock(), new SimpleMeterRegistry());
                if (!DemoDevice.generate("WIN-DEMO-01").enrolAndReplay(sandbox, verification, out)) {
                    spec.commandLine().getErr().println("error: the delegated challenge was not accepted once and then refused as a replay");
                    return ScephubCommand.EXIT_ERROR;
                }
                out.println("== 7. Three devices enrol through Okta's SCEP service (RFC 8894) and cert check what they got");
                // scephub's endpoint for Jamf's SCEPChallenge webhook, as scephub serve offers it, on the configured port.
                try (HubSession session = runtime.hub().open(config);
                     AutoCloseable hooks = ConnectorHooks.of(session.connectors(), config.desired()).startAlone("127.0.0.1", port)) {
                    out.println("   scephub answers Jamf's SCEPChallenge webhook at http://127.0.0.1:" + port + DemoWorkspace.JAMF_HOOK_PATH);
                    if (!new DemoScepDevices(sandbox, root.env().resolve(dir), root.env().clock()).run(out)) {
                        spec.commandLine().getErr().println("error: a device did not receive a certificate that passes cert check, or the replayed challenge was not refused");
                        return ScephubCommand.EXIT_ERROR;
                    }
                }
            }
            if (keepRunning) {
                DemoWorkspace served = DemoWorkspace.write(root.env().resolve(dir), sandbox, port);
                out.println("== Done. The sandbox and scephub serve keep running until Ctrl-C.");
                out.println("   console: http://127.0.0.1:" + port + "/  (sign in at the sandbox Okta)");
                out.println("     viewer:   " + OktaOidcProvider.VIEWER.login() + " / " + OktaOidcProvider.VIEWER.password()
                        + "   (demo password)");
                out.println("     operator: " + OktaOidcProvider.OPERATOR.login() + " / " + OktaOidcProvider.OPERATOR.password()
                        + "   (demo password; may queue syncs)");
                out.println("   In another terminal try: ./scephub plan --config " + served.config());
                out.flush();
                CommandLine serve = ScephubCommand.commandLine(root.env());
                serve.setOut(out);
                serve.setErr(spec.commandLine().getErr());
                return serve.execute("serve", "--config", served.config().toString());
            }
            out.println("== Done: converged in one apply; three devices hold certificates. (The sandbox stops with this process; --keep-running leaves it up.)");
            return 0;
        }
    }
}
