package io.scephub.hub.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The temporary file {@code audit export --out FILE} writes before moving it into place, named
 * after the target and the writing process ({@code .FILE.<pid>.tmp}). A process killed with
 * SIGKILL leaves its file behind; the next export to the same target deletes the ones whose
 * process is gone (a running export's file is left alone).
 */
final class ExportTemporary {
    private ExportTemporary() {
    }

    static Path create(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        String name = target.getFileName().toString();
        Pattern leftover = Pattern.compile(Pattern.quote("." + name + ".") + "(\\d{1,18})" + Pattern.quote(".tmp"));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "." + name + ".*.tmp")) {
            for (Path file : files) {
                Matcher m = leftover.matcher(file.getFileName().toString());
                if (m.matches() && !alive(Long.parseLong(m.group(1)))) {
                    Files.deleteIfExists(file);
                }
            }
        }
        Path temporary = dir.resolve("." + name + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(temporary);
        return Files.createFile(temporary);
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
