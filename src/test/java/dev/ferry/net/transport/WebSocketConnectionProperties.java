package dev.ferry.net.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.net.MemoryPipe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * A server connection fed a valid opening handshake and then arbitrary bytes, or frames built from arbitrary parts:
 * reading ends in the stream's end or an {@link IOException}, never anything else, never a hang, and never more
 * payload than was sent.
 */
class WebSocketConnectionProperties {
    private static final byte[] UPGRADE = ("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private static void readToTheEnd(byte[] afterHandshake) throws Exception {
        MemoryPipe.Ends pipe = MemoryPipe.create();
        WebSocketConnection server = WebSocketConnection.server(pipe.b(), "remote", "local");
        // the peer's side: everything at once, then its end of the connection; its input drained on the side
        Thread.ofVirtual().start(() -> {
            try {
                pipe.a().in().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // closed
            }
        });
        CompletableFuture<Long> read = CompletableFuture.supplyAsync(() -> {
            long total = 0;
            try {
                byte[] buf = new byte[4096];
                for (int n; (n = server.in().read(buf)) >= 0; ) {
                    total += n;
                }
            } catch (IOException expected) {
                // a broken frame or a closed pipe
            }
            return total;
        }, r -> Thread.ofVirtual().start(r));
        try {
            pipe.a().out().write(UPGRADE);
            pipe.a().out().write(afterHandshake);
            pipe.a().out().flush();
            pipe.a().closeWrite();
        } catch (IOException ignored) {
            // the server closed first
        }
        long total = read.get(10, TimeUnit.SECONDS);
        assertThat(total).isLessThanOrEqualTo(afterHandshake.length);
        server.reset();
        pipe.a().reset();
    }

    @Property(tries = 300)
    void arbitraryBytesAfterTheHandshake(@ForAll @Size(max = 300) byte[] bytes) throws Exception {
        readToTheEnd(bytes);
    }

    @Property(tries = 300)
    void framesOfArbitraryPartsAfterTheHandshake(@ForAll @Size(max = 8) java.util.List<@Size(max = 200) byte[]> payloads,
            @ForAll @Size(max = 8) java.util.List<Integer> shapes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] ops = {WebSocketFrameHeader.OP_BINARY, WebSocketFrameHeader.OP_CONTINUATION, WebSocketFrameHeader.OP_PING,
                WebSocketFrameHeader.OP_PONG, WebSocketFrameHeader.OP_CLOSE, WebSocketFrameHeader.OP_TEXT};
        for (int i = 0; i < payloads.size(); i++) {
            int shape = i < shapes.size() ? shapes.get(i) : 0;
            int op = ops[Math.floorMod(shape, ops.length)];
            byte[] p = payloads.get(i);
            boolean control = WebSocketFrameHeader.isControl(op);
            if (control && p.length > WebSocketFrameHeader.MAX_CONTROL_PAYLOAD) {
                p = java.util.Arrays.copyOf(p, WebSocketFrameHeader.MAX_CONTROL_PAYLOAD);
            }
            boolean fin = control || (shape & 0x100) == 0;
            boolean masked = (shape & 0x200) == 0;
            int key = shape * 0x9E3779B1;
            WebSocketFrameHeader h = new WebSocketFrameHeader(fin, op, masked, masked ? key : 0, p.length);
            byte[] head = new byte[WebSocketFrameHeader.MAX_SIZE];
            out.write(head, 0, h.encode(head, 0));
            byte[] body = p.clone();
            if (masked) {
                WebSocketConnection.mask(body, 0, body.length, key, 0);
            }
            out.write(body);
        }
        readToTheEnd(out.toByteArray());
    }
}
