package io.scephub.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection to the loopback server, used by one client thread: it writes a request written out
 * in full by {@link #request} and reads the answer (status, headers, {@code Content-Length} body) on the same
 * socket, reconnecting when the server closes it. The bench runs clients and server on the same two cores, so the client
 * is lean the way load generators are (see docs/BENCHMARKS.md): a blocking channel (one {@code write} and usually one
 * {@code read} system call per exchange; a socket with a read timeout would add a failed read and a {@code poll}), the
 * answer parsed from its bytes, and a String built only for an answer that is not the expected one.
 */
final class LoopbackClient implements AutoCloseable {
    /** A status code and body. */
    record Answer(int status, String body) {
        /** What {@link #send} answers for a 200 whose body begins with the expected bytes; its body is not kept. */
        static final Answer EXPECTED = new Answer(200, "");
    }

    private final InetSocketAddress address;
    private SocketChannel channel;
    /** What was read from the socket and not consumed yet: {@code buffer[pos..filled)}. */
    private final byte[] buffer = new byte[16384];
    private final ByteBuffer in = ByteBuffer.wrap(buffer);
    private int filled;
    private int pos;

    LoopbackClient(URI base) {
        this.address = new InetSocketAddress(base.getHost(), base.getPort());
    }

    /** The bytes of a POST of {@code json} to {@code path} on {@code base}, head and body, as {@link #send} writes them. */
    static byte[] request(URI base, String path, String authorization, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nAuthorization: " + authorization + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    /** Writes out and sends a POST; the answer's body is always kept. */
    Answer post(String path, String authorization, String json) throws IOException {
        return send(request(URI.create("http://" + address.getHostString() + ":" + address.getPort()), path, authorization, json),
                null);
    }

    /**
     * Sends {@code request} (from {@link #request}) and reads the answer. A 200 whose body begins with {@code expected} is
     * {@link Answer#EXPECTED}; any other answer keeps its body ({@code expected} null: every answer keeps it).
     */
    Answer send(byte[] request, byte[] expected) throws IOException {
        boolean fresh = channel == null;
        try {
            return exchange(request, expected);
        } catch (IOException e) {
            close();
            if (fresh) {
                throw e;
            }
            // The server closed an idle keep-alive connection: a POST that got no answer at all is sent again once.
            return exchange(request, expected);
        }
    }

    private Answer exchange(byte[] request, byte[] expected) throws IOException {
        if (channel == null) {
            channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(address);
            filled = 0;
            pos = 0;
        }
        ByteBuffer out = ByteBuffer.wrap(request);
        while (out.hasRemaining()) {
            channel.write(out);
        }
        int headEnd = headEnd();
        int status = status(headEnd);
        int length = -1;
        boolean close = false;
        // Header lines after the status line: name, colon, value, CRLF.
        for (int line = lineEnd(pos, headEnd) + 2; line < headEnd; line = lineEnd(line, headEnd) + 2) {
            int end = lineEnd(line, headEnd);
            if (startsWithIgnoreCase(line, end, "content-length:")) {
                length = Integer.parseInt(ascii(line + "content-length:".length(), end).trim());
            } else if (startsWithIgnoreCase(line, end, "connection:")) {
                close = ascii(line + "connection:".length(), end).trim().equalsIgnoreCase("close");
            } else if (startsWithIgnoreCase(line, end, "transfer-encoding:")) {
                throw new IOException("chunked answers are not expected from this endpoint");
            }
        }
        if (length < 0) {
            throw new IOException("answer without Content-Length (status " + status + ")");
        }
        pos = headEnd + 4;
        while (filled - pos < length) {
            if (!fill()) {
                throw new IOException("connection closed inside an answer body");
            }
        }
        Answer answer = status == 200 && expected != null && length >= expected.length
                && java.util.Arrays.equals(buffer, pos, pos + expected.length, expected, 0, expected.length)
                ? Answer.EXPECTED
                : new Answer(status, new String(buffer, pos, length, StandardCharsets.UTF_8));
        pos += length;
        if (close) {
            close();
        }
        return answer;
    }

    /** Reads until {@code buffer[pos..]} holds a whole head; answers where its closing CRLFCRLF starts. */
    private int headEnd() throws IOException {
        int scanned = 0;
        while (true) {
            for (int i = pos + scanned; i + 3 < filled; i++) {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') {
                    return i;
                }
            }
            // fill() may move the unread bytes to the start of the buffer: count what was searched from pos.
            scanned = Math.max(0, filled - pos - 3);
            if (!fill()) {
                throw new IOException(filled == pos ? "connection closed before an answer" : "connection closed inside an answer head");
            }
        }
    }

    private int status(int headEnd) throws IOException {
        int end = lineEnd(pos, headEnd);
        String line = ascii(pos, end);
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
            throw new IOException("not an HTTP/1.x status line: " + line);
        }
        return Integer.parseInt(line.substring(9, 12));
    }

    /** The CR of the line starting at {@code from}, or {@code headEnd} for the last line of the head. */
    private int lineEnd(int from, int headEnd) {
        for (int i = from; i < headEnd; i++) {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
                return i;
            }
        }
        return headEnd;
    }

    private boolean startsWithIgnoreCase(int from, int end, String prefix) {
        if (end - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (Character.toLowerCase((char) buffer[from + i]) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private String ascii(int from, int end) {
        return new String(buffer, from, end - from, StandardCharsets.ISO_8859_1);
    }

    /** Reads more into the buffer, first moving what is unread to its start (or growing it for a large answer). */
    private boolean fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buffer, pos, buffer, 0, filled - pos);
            filled -= pos;
            pos = 0;
        }
        if (filled == buffer.length) {
            throw new IOException("answer larger than " + buffer.length + " bytes");
        }
        in.limit(buffer.length).position(filled);
        int n = channel.read(in);
        if (n <= 0) {
            return false;
        }
        filled += n;
        return true;
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Closing a connection that is gone already: nothing to do.
            }
            channel = null;
        }
    }
}
