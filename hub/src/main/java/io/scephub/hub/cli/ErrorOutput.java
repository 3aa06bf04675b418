package io.scephub.hub.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scephub.config.ConfigException;
import io.scephub.config.ConfigProblem;
import io.scephub.core.error.ScephubException;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Prints a failed command's error exactly once: as text on stderr, or with {@code --output json}
 * as one JSON document on stdout ({@code {"error": {"code", "message", "problems"}}}), so a
 * script reading stdout always gets JSON.
 */
final class ErrorOutput {
    private ErrorOutput() {
    }

    static int print(Exception ex, CommandLine commandLine, boolean json) {
        return print(ex, commandLine.getOut(), commandLine.getErr(), json);
    }

    /** As {@link #print(Exception, CommandLine, boolean)}, to these writers (one tenant's, of several). */
    static int print(Exception ex, PrintWriter out, PrintWriter err, boolean json) {
        if (json) {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            ObjectNode error = root.putObject("error");
            error.put("code", code(ex));
            error.put("message", ex instanceof ConfigException ? headline(ex.getMessage()) : message(ex));
            if (ex instanceof ConfigException config) {
                problems(error.putArray("problems"), config.problems());
            }
            out.println(root.toPrettyString());
            out.flush();
        } else {
            err.println(ex instanceof ConfigException ? ex.getMessage() : "error: " + message(ex));
            err.flush();
        }
        return ScephubCommand.EXIT_ERROR;
    }

    /** A command-line mistake: the message and where to read the usage, or a JSON error. */
    static int printUsage(CommandLine.ParameterException ex, boolean json) {
        CommandLine cl = ex.getCommandLine();
        if (json) {
            return print(CliError.usage(ex.getMessage()), cl, true);
        }
        PrintWriter err = cl.getErr();
        err.println("error: " + ex.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
            err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
        }
        err.flush();
        return ScephubCommand.EXIT_ERROR;
    }

    static void problems(ArrayNode into, List<ConfigProblem> problems) {
        for (ConfigProblem p : problems) {
            ObjectNode n = into.addObject();
            n.put("file", String.valueOf(p.file()));
            n.put("line", p.line());
            n.put("column", p.column());
            n.put("path", p.path());
            n.put("message", p.message());
        }
    }

    /** Whether the command that ran was asked for {@code --output json}. */
    static boolean wantsJson(ParseResult parseResult) {
        ParseResult last = parseResult;
        while (last != null && last.subcommand() != null) {
            last = last.subcommand();
        }
        if (last == null) {
            return false;
        }
        OptionSpec output = last.commandSpec().findOption("--output");
        return output != null && "json".equalsIgnoreCase(String.valueOf((Object) output.getValue()));
    }

    /** The same for arguments that did not parse: a script that asked for JSON still gets JSON. */
    static boolean wantsJson(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("-o") || a.equals("--output")) && i + 1 < args.length && args[i + 1].equalsIgnoreCase("json")) {
                return true;
            }
            if (a.equalsIgnoreCase("--output=json") || a.equalsIgnoreCase("-o=json") || a.equalsIgnoreCase("-ojson")) {
                return true;
            }
        }
        return false;
    }

    private static String code(Exception ex) {
        if (ex instanceof ScephubException known) {
            return known.code();
        }
        if (ex instanceof InvalidPathException || ex instanceof java.io.IOException) {
            return "IO_ERROR";
        }
        return "INTERNAL_ERROR";
    }

    private static String message(Exception ex) {
        if (ex instanceof ScephubException) {
            return ex.getMessage();
        }
        if (ex instanceof InvalidPathException invalid) {
            return "not a valid path: " + invalid.getReason();
        }
        return ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
    }

    private static String headline(String message) {
        int newline = message.indexOf('\n');
        String first = newline < 0 ? message : message.substring(0, newline);
        return first.endsWith(":") ? first.substring(0, first.length() - 1) : first;
    }
}
