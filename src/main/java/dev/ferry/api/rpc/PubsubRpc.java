package dev.ferry.api.rpc;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multibase;
import dev.ferry.node.Node;
import dev.ferry.pubsub.Pubsub;
import dev.ferry.pubsub.PubsubMessage;
import dev.ferry.pubsub.Subscription;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kubo's {@code pubsub/*} commands. Topics travel multibase-encoded in both directions (Kubo has done so since 0.11;
 * any prefix is accepted, {@code u} base64url is written), as do a message's data and sequence number; peer IDs are
 * plain text. {@code pubsub/sub} streams one NDJSON line per message until the client goes away: the subscription ends
 * at the first line that cannot be written, or when the node stops.
 */
final class PubsubRpc {
    private static final Duration POLL = Duration.ofMillis(500);
    private final Node node;
    private final MultipartLimits limits;

    private PubsubRpc(Node node, MultipartLimits limits) {
        this.node = node;
        this.limits = limits;
    }

    static void install(RpcServer server, Node node, MultipartLimits limits) {
        PubsubRpc p = new PubsubRpc(node, limits);
        server.register("pubsub/ls", p::ls);
        server.register("pubsub/peers", Set.of("scores"), p::peers);
        server.register("pubsub/pub", p::pub);
        server.register("pubsub/sub", Set.of("discover"), p::sub);
    }

    private Pubsub pubsub() {
        return node.pubsub().orElseThrow(() -> new RpcException(400,
                "pubsub is not enabled: set Pubsub.Enabled to true and restart the daemon"));
    }

    static String topicOf(String arg) {
        if (arg.isEmpty()) {
            throw RpcException.badRequest("argument \"topic\" is required");
        }
        String t;
        try {
            t = new String(Multibase.decode(arg), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw RpcException.badRequest("the topic must be multibase-encoded (u followed by the base64url of its "
                    + "UTF-8 bytes): " + e.getMessage());
        }
        if (t.isEmpty()) {
            throw RpcException.badRequest("the topic is empty");
        }
        return t;
    }

    static String encode(byte[] bytes) {
        return Multibase.BASE64_URL.encode(bytes);
    }

    private RpcResponse ls(RpcRequest r) {
        List<String> out = new ArrayList<>();
        for (String t : pubsub().topics()) {
            out.add(encode(t.getBytes(StandardCharsets.UTF_8)));
        }
        return new RpcResponse.Json(Map.of("Strings", out));
    }

    private RpcResponse peers(RpcRequest r) {
        String topic = r.args().isEmpty() ? null : topicOf(r.args().getFirst());
        List<String> out = new ArrayList<>();
        Pubsub pubsub = pubsub();
        Map<String, Double> scores = new java.util.LinkedHashMap<>();
        boolean withScores = r.boolOption("scores", false); // ferry's: gossipsub v1.1 peer scores beside the IDs
        for (PeerId p : pubsub.peers(topic)) {
            out.add(p.toString());
            if (withScores) {
                pubsub.score(p).ifPresent(v -> scores.put(p.toString(), v));
            }
        }
        return new RpcResponse.Json(withScores ? Map.of("Strings", out, "Scores", scores) : Map.of("Strings", out));
    }

    private RpcResponse pub(RpcRequest r) throws IOException {
        Pubsub pubsub = pubsub();
        String topic = topicOf(r.arg());
        int max = pubsub.config().maxFrameBytes();
        byte[] data;
        if (r.contentType() != null && r.contentType().startsWith("multipart/")) {
            Optional<MultipartPart> part = r.multipart(limits).next();
            if (part.isEmpty()) {
                throw RpcException.badRequest("argument \"data\" is required");
            }
            data = readAtMost(part.get().body(), max);
        } else {
            data = new byte[0]; // Kubo publishes an empty message when no data is given
        }
        try {
            pubsub.publish(topic, data);
        } catch (IllegalArgumentException e) {
            throw RpcException.badRequest(e.getMessage());
        }
        return new RpcResponse.Stream("text/plain", out -> {});
    }

    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = in.read(chunk)) > 0) {
            if (buf.size() + n > max) {
                throw RpcException.badRequest("the message is larger than " + max + " bytes");
            }
            buf.write(chunk, 0, n);
        }
        return buf.toByteArray();
    }

    private RpcResponse sub(RpcRequest r) {
        Pubsub pubsub = pubsub();
        String topic = topicOf(r.arg());
        Subscription s = pubsub.subscribe(topic);
        return new RpcResponse.Stream("application/x-ndjson", out -> {
            try (s) {
                out.flush(); // the headers now: a client counts as subscribed once it has them
                while (!s.isClosed()) {
                    Optional<PubsubMessage> m = s.next(POLL);
                    if (m.isPresent()) {
                        write(out, m.get());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static void write(OutputStream out, PubsubMessage m) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        m.author().ifPresent(a -> line.put("from", a.toString()));
        line.put("data", encode(m.data()));
        if (m.seqno().isPresent()) {
            long v = m.seqno().getAsLong();
            byte[] b = new byte[8];
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (v >>> (56 - 8 * i));
            }
            line.put("seqno", encode(b));
        }
        line.put("topicIDs", List.of(encode(m.topic().getBytes(StandardCharsets.UTF_8))));
        out.write(RpcServer.JSON.writeValueAsBytes(line));
        out.write('\n');
        out.flush();
    }
}
