package io.scephub.hub.cds;

import io.scephub.hub.HubEnvironment;
import io.scephub.hub.Main;
import io.scephub.hub.cli.ScephubCommand;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Build step: runs several scephub commands in one JVM, so the class-data-sharing archive dumped at its exit
 * ({@code -XX:ArchiveClassesAtExit}) holds the classes of all of them, not of one.
 *
 * <p>A dynamic archive is written by one JVM, and a class it does not hold is loaded, and verified, from its jar at
 * every start. {@code status devices} and {@code renewal forecast} load the Graph SDK's models (parsing one entity
 * makes the verifier load ~1,900 of them), OkHttp, Jackson, H2 and Flyway, none of which an offline {@code validate}
 * touches. Run from the hub's jar exactly as {@code ./scephub} runs it ({@code -cp scephub.jar}: the archive requires
 * the same class path), with the commands separated by {@value #NEXT}; each command's output goes to this process's.
 * hub-demo's build runs it against the sandbox ({@code io.scephub.demo.CdsTraining}).
 *
 * <p>Usage: {@code java -XX:ArchiveClassesAtExit=scephub-reads.jsa -cp scephub.jar io.scephub.hub.cds.TrainingRun
 * plan --config a.yaml --then status devices --config a.yaml ...}. Exits 0 when every command exited 0, else 1.
 */
public final class TrainingRun {
    /** The argument between two commands. */
    public static final String NEXT = "--then";

    private TrainingRun() {
    }

    public static void main(String[] args) {
        System.setProperty(Main.CHANGE_LOG_LEVEL, "ERROR");
        int failed = 0;
        for (List<String> command : commands(args)) {
            String[] line = command.toArray(String[]::new);
            int exit = ScephubCommand.commandLine(HubEnvironment.system(), line).execute(line);
            System.out.println("training: scephub " + String.join(" ", command) + " exited " + exit);
            failed += exit == 0 ? 0 : 1;
        }
        System.exit(failed == 0 ? 0 : 1);
    }

    /** The command lines in {@code args}, split at each {@value #NEXT}; empty ones are dropped. */
    static List<List<String>> commands(String[] args) {
        List<List<String>> out = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String arg : Arrays.asList(args)) {
            if (arg.equals(NEXT)) {
                if (!current.isEmpty()) {
                    out.add(current);
                }
                current = new ArrayList<>();
            } else {
                current.add(arg);
            }
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }
}
