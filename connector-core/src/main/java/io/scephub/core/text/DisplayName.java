package io.scephub.core.text;

/**
 * How scephub prints a name it did not choose (a vendor object's or group's name, a value from
 * scephub.yaml): in double quotes, with quotes, backslashes, tab, newline, CR, other control
 * characters and bidirectional or invisible format characters (RTL overrides, zero-width) escaped, so
 * one line of output stays one line and reads in order; cut to {@value #LIMIT} characters with an
 * ellipsis and the full length, so a 10,000-character name cannot flood a plan or an error.
 */
public final class DisplayName {
    /** Characters shown before a name is cut. */
    public static final int LIMIT = 40;

    private DisplayName() {
    }

    /** {@code "name"}, escaped and cut at {@value #LIMIT} characters ({@code "abc…(10000 chars)"}). */
    public static String quote(String name) {
        return "\"" + escape(name, LIMIT) + "\"";
    }

    /** {@code name} escaped and cut at {@code limit} characters, without quotes (for keys and paths). */
    public static String escape(String name, int limit) {
        return escape(name, limit, true);
    }

    /**
     * {@code name} for a column of a table or a CSV cell: escaped and cut like {@link #quote}, but a
     * double quote stays as it is (the column needs none, and CSV quotes it its own way).
     */
    public static String cell(String name) {
        return escape(name, LIMIT, false);
    }

    /** Like {@link #cell}, cut at {@code limit} characters: for a sentence (a vendor's detail) rather than a name. */
    public static String cell(String text, int limit) {
        return escape(text, limit, false);
    }

    private static String escape(String name, int limit, boolean quotes) {
        if (name == null) {
            return "null";
        }
        if (plain(name, limit, quotes)) {
            // The usual name (printable ASCII, short): nothing to escape or cut. 100,000 device rows take this path.
            return name;
        }
        int length = name.codePointCount(0, name.length());
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < name.length() && shown < limit; shown++) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\\' || cp == '"' && quotes) {
                sb.append('\\').appendCodePoint(cp);
            } else if (cp == '\n') {
                sb.append("\\n");
            } else if (cp == '\t') {
                sb.append("\\t");
            } else if (cp == '\r') {
                sb.append("\\r");
            } else if (needsEscape(cp)) {
                sb.append(cp > 0xFFFF ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        }
        if (length > limit) {
            sb.append("…(").append(length).append(" chars)");
        }
        return sb.toString();
    }

    /** Whether {@code name} is shown as it is: at most {@code limit} printable ASCII characters, none escaped. */
    private static boolean plain(String name, int limit, boolean quotes) {
        if (name.length() > limit) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '\\' || c == '"' && quotes) {
                return false;
            }
        }
        return true;
    }

    /** The number of characters (code points) of {@code name}, as limits count them. */
    public static int length(String name) {
        return name.codePointCount(0, name.length());
    }

    /** Control characters, format characters (bidi embeddings, overrides and isolates, zero-width), lone surrogates, unassigned. */
    private static boolean needsEscape(int cp) {
        int type = Character.getType(cp);
        return Character.isISOControl(cp) || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.UNASSIGNED || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.PRIVATE_USE;
    }
}
