package io.scephub.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads scephub.yaml's bytes and composes its YAML within fixed bounds, so a wrong path
 * ({@code /dev/zero}, a log file) or a hostile file fails fast with a located problem instead of
 * exhausting memory.
 */
final class ConfigFile {
    /** A real scephub.yaml is a few kilobytes; one of 1,000 enrollments is about 300 KiB. */
    static final int MAX_BYTES = 1024 * 1024;
    /** Deeper than any scephub.yaml needs (the deepest setting is 5 levels), shallow enough to stop nesting bombs. */
    static final int MAX_DEPTH = 50;
    /** Anchors and aliases are fine for sharing group lists; alias bombs are not. */
    static final int MAX_COLLECTION_ALIASES = 50;

    private ConfigFile() {
    }

    /** The file's text, or empty after reporting why it cannot be read as a configuration file. */
    static Optional<String> read(Path file, Problems problems) {
        String shown = file.toAbsolutePath().toString();
        if (Files.isDirectory(file)) {
            problems.inFile("", "is a directory (" + shown + "); expected the scephub.yaml file itself, e.g. --config "
                    + file.resolve("scephub.yaml"));
            return Optional.empty();
        }
        if (!Files.exists(file)) {
            problems.inFile("", "file not found (" + shown + ")");
            return Optional.empty();
        }
        if (!Files.isRegularFile(file)) {
            problems.inFile("", "is not a regular file (" + shown + " is a device, pipe or socket); expected a YAML file");
            return Optional.empty();
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // One byte over the limit is enough to know the file is too large; never read the rest.
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (AccessDeniedException e) {
            problems.inFile("", "cannot be read: permission denied (" + shown + ")");
            return Optional.empty();
        } catch (IOException e) {
            problems.inFile("", "cannot be read (" + e.getClass().getSimpleName() + ": " + Values.shorten(String.valueOf(e.getMessage())) + ")");
            return Optional.empty();
        }
        if (bytes.length > MAX_BYTES) {
            problems.inFile("", "is larger than 1 MiB (" + size(file) + "); a scephub.yaml is a few kilobytes,"
                    + " so this is probably not the right file");
            return Optional.empty();
        }
        return decode(bytes, problems);
    }

    /**
     * A file the configuration names at {@code path}, resolved against {@code baseDir}; empty after reporting a
     * name that is not a path or a file that does not exist.
     */
    static Optional<Path> existing(Path baseDir, String writtenInFile, Node node, String path, Problems problems) {
        Path file;
        try {
            file = baseDir.resolve(writtenInFile).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            problems.at(node, path, Values.quote(writtenInFile) + " is not a valid file path (" + e.getReason() + ")");
            return Optional.empty();
        }
        if (!Files.exists(file)) {
            problems.at(node, path, "file " + Values.path(writtenInFile) + " not found (looked for "
                    + Values.path(file.toAbsolutePath()) + ")");
            return Optional.empty();
        }
        return Optional.of(file);
    }

    /** Like {@link #existing}, and a regular file; otherwise {@code notRegular} of the resolved file is reported. */
    static Optional<Path> regular(Path baseDir, String writtenInFile, Node node, String path, Problems problems,
                                  java.util.function.Function<Path, String> notRegular) {
        Optional<Path> found = existing(baseDir, writtenInFile, node, path, problems);
        if (found.isPresent() && !Files.isRegularFile(found.get())) {
            problems.at(node, path, notRegular.apply(found.get()));
            return Optional.empty();
        }
        return found;
    }

    /**
     * At most {@code max + 1} bytes of a file the configuration names (a chain, a key, a secret):
     * one byte more than allowed tells the caller it is too large without reading the rest.
     */
    static byte[] readAtMost(Path file, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(max + 1);
        }
    }

    private static String size(Path file) {
        try {
            return Files.size(file) + " bytes";
        } catch (IOException e) {
            return "size unknown";
        }
    }

    /** Strict UTF-8: the first byte that is not UTF-8 is reported at its line and column. */
    private static Optional<String> decode(byte[] bytes, Problems problems) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        out.flip();
        if (result.isError()) {
            int[] at = lineAndColumn(out, out.length());
            problems.at(at[0], at[1], "", String.format("is not UTF-8 text: byte 0x%02X (at byte offset %d) is not valid UTF-8;"
                    + " save the file as UTF-8", bytes[in.position()] & 0xff, in.position()));
            return Optional.empty();
        }
        String text = out.toString();
        // A byte order mark is legal at the start of a UTF-8 file; YAML does not need it.
        return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    /** The document's node tree within the limits, or empty after reporting where and why it is not acceptable YAML. */
    static Optional<Node> compose(String text, Problems problems) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setAllowRecursiveKeys(false);
        options.setCodePointLimit(MAX_BYTES);
        ParserImpl parser = new ParserImpl(new StreamReader(text), options);
        try {
            Node root = new Composer(parser, new Resolver(), options).getSingleNode();
            if (root == null || (root instanceof ScalarNode && root.getTag().equals(Tag.NULL))) {
                problems.at(1, 1, "", "the file is empty; expected a mapping that starts with version: 1");
                return Optional.empty();
            }
            return Optional.of(root);
        } catch (MarkedYAMLException e) {
            String problem = e.getProblem() == null ? "is not valid YAML" : "is not valid YAML: " + e.getProblem();
            problems.at(e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark(), "", problem);
        } catch (ReaderException e) {
            int[] at = lineAndColumn(text, e.getPosition());
            problems.at(at[0], at[1], "", String.format("contains the character U+%04X, which YAML does not allow in a file;"
                    + " remove it (in a double-quoted value it can be written as an escape such as \\u%04x)", e.getCodePoint(), e.getCodePoint()));
        } catch (YAMLException e) {
            // SnakeYAML's limit errors carry no position; the parser's next event is where composing stopped.
            problems.at(where(parser), "", limitMessage(e));
        } catch (RuntimeException e) {
            // The scanner guards its own invariants with plain exceptions on some malformed input.
            problems.at(where(parser), "", "is not valid YAML (" + e.getClass().getSimpleName() + ")");
        }
        return Optional.empty();
    }

    /** 1-based line and column of the character at {@code index}. */
    static int[] lineAndColumn(CharSequence text, int index) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(index, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }

    private static Mark where(ParserImpl parser) {
        try {
            return parser.peekEvent().getStartMark();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String limitMessage(YAMLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.startsWith("Number of aliases")) {
            return "uses more than " + MAX_COLLECTION_ALIASES + " aliases (*name) of lists or mappings; scephub refuses"
                    + " alias bombs, write the values out or share fewer";
        }
        if (m.startsWith("Nesting Depth")) {
            return "nests lists and mappings deeper than " + MAX_DEPTH + " levels; scephub.yaml needs at most 6";
        }
        if (m.contains("exceeds the limit")) {
            return "is longer than " + MAX_BYTES + " characters; a scephub.yaml is a few kilobytes";
        }
        if (m.contains("Recursive")) {
            return "is not valid YAML: an alias refers to the mapping it is a key of";
        }
        return "is not valid YAML: " + Values.shorten(m);
    }
}
