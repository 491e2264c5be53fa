package dev.ferry.net.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class WebSocketHandshakeTest {
    private static final String UPGRADE = "GET /anything HTTP/1.1\r\nHost: 127.0.0.1:4002\r\nUpgrade: websocket\r\n"
            + "Connection: keep-alive, Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\nOrigin: http://localhost:3000\r\n\r\n";

    private static ByteArrayInputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void acceptValueOfTheRfcExample() {
        assertThat(WebSocketHandshake.acceptFor("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void serverAnswers101AndReadsNothingPastTheHead() throws IOException {
        ByteArrayInputStream in = text(UPGRADE + "\u0082\u0000");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WebSocketHandshake.server(in, out);
        String answer = out.toString(StandardCharsets.US_ASCII);
        assertThat(answer).startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                .contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n").endsWith("\r\n\r\n")
                .doesNotContain("Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions");
        assertThat(in.available()).as("the first frame's bytes are left for the connection").isEqualTo(2);
    }

    @Test
    void plainHttpRequestGets426() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> WebSocketHandshake.server(text("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), out))
                .isInstanceOf(WebSocketException.class).hasMessageContaining("without a WebSocket upgrade");
        assertThat(out.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 426 Upgrade Required\r\n");
    }

    @Test
    void otherVersionsMethodsAndKeysAreRefused() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> WebSocketHandshake.server(text(UPGRADE.replace("Version: 13", "Version: 8")), out))
                .hasMessageContaining("version 8");
        assertThat(out.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 426").contains("Sec-WebSocket-Version: 13");
        out.reset();
        assertThatThrownBy(() -> WebSocketHandshake.server(text(UPGRADE.replace("GET", "POST")), out))
                .hasMessageContaining("not POST");
        assertThat(out.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 405");
        out.reset();
        assertThatThrownBy(() -> WebSocketHandshake.server(text(UPGRADE.replace("dGhlIHNhbXBsZSBub25jZQ==", "c2hvcnQ=")),
                out)).hasMessageContaining("Sec-WebSocket-Key");
        assertThat(out.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 400");
    }

    @Test
    void headsAreBounded() {
        String huge = "GET / HTTP/1.1\r\nX: " + "a".repeat(WebSocketHandshake.MAX_HEAD) + "\r\n\r\n";
        assertThatThrownBy(() -> WebSocketHandshake.server(text(huge), new ByteArrayOutputStream()))
                .isInstanceOf(WebSocketException.class).hasMessageContaining("longer than");
        StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i <= WebSocketHandshake.MAX_HEADERS; i++) {
            many.append("X-").append(i).append(": v\r\n");
        }
        assertThatThrownBy(() -> WebSocketHandshake.server(text(many + "\r\n"), new ByteArrayOutputStream()))
                .isInstanceOf(WebSocketException.class).hasMessageContaining("header lines");
        assertThatThrownBy(() -> WebSocketHandshake.server(text("GET / HTTP/1.1\r\nHost"),
                new ByteArrayOutputStream())).isInstanceOf(EOFException.class);
    }

    @Test
    void clientChecksTheServersAnswer() {
        SecureRandom random = new SecureRandom();
        assertThatThrownBy(() -> WebSocketHandshake.client(text("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"),
                new ByteArrayOutputStream(), "h:1", random)).isInstanceOf(WebSocketException.class)
                .hasMessageContaining("refused").hasMessageContaining("404");
        assertThatThrownBy(() -> WebSocketHandshake.client(text("HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"),
                new ByteArrayOutputStream(), "h:1", random)).isInstanceOf(WebSocketException.class)
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> WebSocketHandshake.client(text("SSH-2.0-OpenSSH_9.6\r\n\r\n"),
                new ByteArrayOutputStream(), "h:1", random)).isInstanceOf(WebSocketException.class)
                .hasMessageContaining("not an HTTP answer");
    }

    @Test
    void clientRequestIsAValidUpgradeThatTheServerAccepts() throws IOException {
        // the client's request, answered by the server side, and that answer accepted by the client
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        try {
            WebSocketHandshake.client(new ByteArrayInputStream(new byte[0]), request, "[::1]:4002", new SecureRandom());
        } catch (EOFException expected) {
            // no answer in this half of the test
        }
        assertThat(request.toString(StandardCharsets.US_ASCII)).startsWith("GET / HTTP/1.1\r\nHost: [::1]:4002\r\n");
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        WebSocketHandshake.server(new ByteArrayInputStream(request.toByteArray()), answer);
        assertThat(answer.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101");
    }

    @Property
    void arbitraryRequestsOnlyFailWithIoExceptions(@ForAll @Size(max = 400) byte[] bytes) {
        try {
            WebSocketHandshake.server(new ByteArrayInputStream(bytes), new ByteArrayOutputStream());
        } catch (WebSocketException | EOFException e) {
            assertThat(e.getMessage()).isNotBlank();
        } catch (IOException e) {
            throw new AssertionError("undeclared " + e, e);
        }
    }

    @Property
    void arbitraryHeaderLinesOnlyFailWithIoExceptions(@ForAll @Size(max = 200) String junk) {
        String req = "GET / HTTP/1.1\r\n" + junk + "\r\n\r\n";
        try {
            WebSocketHandshake.server(text(req), new ByteArrayOutputStream());
        } catch (IOException e) {
            assertThat(e).isInstanceOfAny(WebSocketException.class, EOFException.class);
        }
    }
}
