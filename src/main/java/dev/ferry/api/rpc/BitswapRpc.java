package dev.ferry.api.rpc;

import dev.ferry.exchange.bitswap.server.LedgerSnapshot;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.Node;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubo's {@code bitswap wantlist} ({@code {"Keys":[{"/":cid}]}}: our open wants, or with {@code peer} the wants that
 * peer sent us and we have not answered yet) and {@code bitswap ledger PEER} (Kubo's receipt: bytes sent and
 * received, their ratio, and the blocks exchanged either way). {@code bitswap/stat} is registered with
 * {@code stats/bitswap} by {@link NodeRpc}.
 */
final class BitswapRpc {
    /** Kubo's order for its text output (go-cidutil sorts by the binary CID), kept in the JSON too. */
    private static final Comparator<Cid> BINARY = (a, b) -> Arrays.compareUnsigned(a.bytes(), b.bytes());

    private final Node node;

    private BitswapRpc(Node node) {
        this.node = node;
    }

    static void install(RpcServer server, Node node) {
        BitswapRpc rpc = new BitswapRpc(node);
        server.register("bitswap/wantlist", Set.of("peer", "p"), rpc::wantlist);
        server.register("bitswap/ledger", Set.of(), rpc::ledger);
    }

    private RpcResponse wantlist(RpcRequest r) {
        String peerText = r.option("peer").or(() -> r.option("p")).orElse(null);
        List<Cid> keys;
        if (peerText == null || peerText.isEmpty()) {
            keys = node.bitswap().client().wantlist();
        } else {
            PeerId peer = peer(peerText);
            // as Kubo: our own ID names our own wants
            keys = peer.equals(node.identity().peerId()) ? node.bitswap().client().wantlist()
                    : node.bitswap().server().wantlist(peer);
        }
        List<Map<String, String>> out = keys.stream().sorted(BINARY).map(c -> Map.of("/", c.toString())).toList();
        return new RpcResponse.Json(Map.of("Keys", out));
    }

    private RpcResponse ledger(RpcRequest r) {
        if (r.args().size() > 1) {
            throw RpcException.badRequest("bitswap/ledger takes one peer ID");
        }
        PeerId peer = peer(r.arg());
        // a peer we have no ledger for gets Kubo's blank receipt
        LedgerSnapshot l = node.bitswap().server().ledger(peer)
                .orElse(new LedgerSnapshot(peer, 0, 0, 0, 0, 0, 0));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Peer", peer.toString());
        out.put("Value", (double) l.bytesSent() / (l.bytesReceived() + 1));
        out.put("Sent", l.bytesSent());
        out.put("Recv", l.bytesReceived());
        // Kubo counts one exchange per block sent or received
        out.put("Exchanged", l.blocksSent() + l.blocksReceived());
        return new RpcResponse.Json(out);
    }

    private static PeerId peer(String text) {
        try {
            return PeerId.parse(text);
        } catch (IllegalArgumentException e) {
            throw RpcException.badRequest("invalid peer ID '" + text + "': " + e.getMessage());
        }
    }
}
