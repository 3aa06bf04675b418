package io.scephub.core.challenge;

/** The canonical-form check nimbus's {@code Base64URL} lacks (RFC 7515 §2): URL alphabet, no padding, no stray bits. */
final class Base64Url {

    private Base64Url() {
    }

    /** Index of a URL-alphabet character, or -1. */
    private static int valueOf(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '-') {
            return 62;
        }
        if (c == '_') {
            return 63;
        }
        return -1;
    }

    /**
     * Whether {@code s[from, to)} is canonical unpadded base64url: only URL-alphabet characters, a
     * length that encodes whole bytes, and zero unused bits in the last character (otherwise two
     * different strings would decode to the same bytes, making signatures malleable).
     */
    static boolean isCanonical(String s, int from, int to) {
        int length = to - from;
        if (length % 4 == 1) {
            return false;
        }
        int last = 0;
        for (int i = from; i < to; i++) {
            last = valueOf(s.charAt(i));
            if (last < 0) {
                return false;
            }
        }
        return switch (length % 4) {
            case 2 -> (last & 0x0F) == 0;
            case 3 -> (last & 0x03) == 0;
            default -> true;
        };
    }
}
