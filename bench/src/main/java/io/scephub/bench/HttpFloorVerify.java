package io.scephub.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.scephub.core.challenge.ChallengeDecision;
import io.scephub.hub.HubRuntime;
import io.scephub.hub.challenge.ChallengeVerification;
import io.scephub.hub.challenge.DecisionJson;
import io.scephub.hub.server.ApiTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What HTTP itself costs on this machine, for the verification benchmark: the same verification {@code serve} runs
 * (bearer token, JSON body, {@code ChallengeVerification}, the answer's JSON) behind the least HTTP/1.1 server that
 * answers the bench's clients: one blocking thread per keep-alive connection, a Content-Length body, no framework. It is
 * a measuring instrument and not a server: it assumes the bench's well-formed requests and nothing about a real client's.
 * Started by {@link VerifyBench} like the other verifying JVMs. Usage: {@code --config FILE} with the API token in
 * {@code BENCH_API_TOKEN}; prints {@code listening on http://127.0.0.1:PORT}.
 */
public final class HttpFloorVerify {
    /** The request body, as {@code serve} reads it. */
    record VerifyRequest(String token, String csr) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private HttpFloorVerify() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--config")) {
            throw new IllegalArgumentException("usage: HttpFloorVerify --config FILE");
        }
        ApiTokens tokens = ApiTokens.ofPlainTokens(Map.of("bench", System.getenv("BENCH_API_TOKEN")));
        HubRuntime runtime = VerifyBench.runtime(Path.of(args[1]), System.getenv());
        ChallengeVerification verification = ChallengeVerification.create(runtime.config().delegatedChallenge(), runtime.store(),
                Clock.systemUTC(), new SimpleMeterRegistry());
        ServerSocket server = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
        System.out.println("listening on http://127.0.0.1:" + server.getLocalPort());
        System.out.flush();
        int connection = 0;
        while (true) {
            Socket socket = server.accept();
            socket.setTcpNoDelay(true);
            // Named like serve's request threads, so the bench counts their CPU the same way.
            Thread thread = new Thread(() -> serve(socket, tokens, verification), "scephub-http-" + connection++);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Answers one connection's requests until the client closes it. */
    private static void serve(Socket socket, ApiTokens tokens, ChallengeVerification verification) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[128 * 1024];
            int filled = 0;
            while (true) {
                int headEnd;
                while ((headEnd = headEnd(buffer, filled)) < 0) {
                    int n = in.read(buffer, filled, buffer.length - filled);
                    if (n < 0) {
                        return;
                    }
                    filled += n;
                }
                int length = -1;
                String authorization = null;
                for (String line : new String(buffer, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n")) {
                    if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                        length = Integer.parseInt(line.substring(15).trim());
                    } else if (line.regionMatches(true, 0, "authorization:", 0, 14)) {
                        authorization = line.substring(14).trim();
                    }
                }
                int end = headEnd + 4 + length;
                if (length < 0 || end > buffer.length) {
                    throw new IOException("not a request this instrument reads (Content-Length " + length + ")");
                }
                while (filled < end) {
                    int n = in.read(buffer, filled, buffer.length - filled);
                    if (n < 0) {
                        return;
                    }
                    filled += n;
                }
                byte[] answer;
                String status;
                if (authorization == null || !authorization.startsWith("Bearer ")
                        || tokens.authenticate(authorization.substring(7)).isEmpty()) {
                    status = "401 Unauthorized";
                    answer = "{}".getBytes(StandardCharsets.US_ASCII);
                } else {
                    VerifyRequest request = JSON.readValue(buffer, headEnd + 4, length, VerifyRequest.class);
                    ChallengeDecision decision = verification.verify(request.token(), Optional.empty(), "rest:bench");
                    status = "200 OK";
                    answer = DecisionJson.bytes(decision);
                }
                byte[] head = ("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + answer.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                byte[] response = new byte[head.length + answer.length];
                System.arraycopy(head, 0, response, 0, head.length);
                System.arraycopy(answer, 0, response, head.length, answer.length);
                out.write(response);
                out.flush();
                System.arraycopy(buffer, end, buffer, 0, filled - end);
                filled -= end;
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("connection failed: " + e);
        }
    }

    private static int headEnd(byte[] buffer, int filled) {
        for (int i = 0; i + 3 < filled; i++) {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
