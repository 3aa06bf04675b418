package io.scephub.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection to the loopback server, used by one client thread: it writes a POST and reads the
 * answer (status, headers, {@code Content-Length} body) on the same socket, reconnecting when the server closes it.
 * The bench runs clients and server on the same two cores, so the client must cost little next to the server (the JDK
 * {@code HttpClient} hands every exchange through its selector thread and futures: see docs/BENCHMARKS.md).
 */
final class LoopbackClient implements AutoCloseable {
    /** A status code and body. */
    record Answer(int status, String body) {
    }

    private final URI base;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    /** What was read from the socket and not consumed yet: {@code buffer[pos..filled)}. */
    private final byte[] buffer = new byte[8192];
    private int filled;
    private int pos;

    LoopbackClient(URI base) {
        this.base = base;
    }

    Answer post(String path, String authorization, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nAuthorization: " + authorization + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        boolean fresh = socket == null;
        try {
            return exchange(head, body);
        } catch (IOException e) {
            close();
            if (fresh) {
                throw e;
            }
            // The server closed an idle keep-alive connection: a POST that got no answer at all is sent again once.
            return exchange(head, body);
        }
    }

    private Answer exchange(byte[] head, byte[] body) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(60_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            filled = 0;
            pos = 0;
        }
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        out.write(request);
        out.flush();
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before an answer");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        int length = -1;
        boolean close = false;
        for (String header; (header = line()) != null && !header.isEmpty(); ) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                length = Integer.parseInt(value);
            } else if (name.equals("connection") && value.equalsIgnoreCase("close")) {
                close = true;
            } else if (name.equals("transfer-encoding")) {
                throw new IOException("chunked answers are not expected from this endpoint");
            }
        }
        if (length < 0) {
            throw new IOException("answer without Content-Length (status " + status + ")");
        }
        byte[] content = new byte[length];
        for (int got = 0; got < length; ) {
            if (pos == filled && !fill()) {
                throw new IOException("connection closed inside an answer body");
            }
            int n = Math.min(length - got, filled - pos);
            System.arraycopy(buffer, pos, content, got, n);
            pos += n;
            got += n;
        }
        if (close) {
            close();
        }
        return new Answer(status, new String(content, StandardCharsets.UTF_8));
    }

    /** One header line without its CRLF; null at the end of the stream. */
    private String line() throws IOException {
        StringBuilder text = new StringBuilder(64);
        while (true) {
            if (pos == filled && !fill()) {
                return text.length() == 0 ? null : text.toString();
            }
            byte b = buffer[pos++];
            if (b == '\n') {
                int n = text.length();
                return n > 0 && text.charAt(n - 1) == '\r' ? text.substring(0, n - 1) : text.toString();
            }
            text.append((char) (b & 0xff));
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        filled = n;
        pos = 0;
        return true;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing a connection that is gone already: nothing to do.
            }
            socket = null;
        }
    }
}
