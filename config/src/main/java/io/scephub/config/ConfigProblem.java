package io.scephub.config;

import java.nio.file.Path;

/**
 * One mistake in scephub.yaml, located by line and column (1-based; 0 when the whole file is
 * meant) and by the path of the offending key, e.g. {@code enrollments[1].groups.include[0]}.
 * Messages never contain secret values.
 */
public record ConfigProblem(Path file, int line, int column, String path, String message) {

    /** {@code scephub.yaml:12:5: enrollments[1].groups.include[0]: what is wrong and what was expected}. */
    public String render() {
        // A problem with the whole file (not found, too large) names the file in full: which one was read is the question.
        StringBuilder sb = new StringBuilder(line > 0 ? String.valueOf(file.getFileName()) : String.valueOf(file));
        if (line > 0) {
            sb.append(':').append(line).append(':').append(column);
        }
        sb.append(": ");
        if (!path.isEmpty()) {
            sb.append(path).append(": ");
        }
        return sb.append(message).toString();
    }

    @Override
    public String toString() {
        return render();
    }
}
