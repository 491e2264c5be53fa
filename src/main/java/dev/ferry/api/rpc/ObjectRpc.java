package dev.ferry.api.rpc;

import dev.ferry.dag.unixfs.DagPbLinkEditor;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.Node;
import dev.ferry.node.content.ContentLock;
import dev.ferry.routing.FetchSession;
import dev.ferry.store.Block;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubo's {@code object/patch/add-link ROOT NAME REF} and {@code object/patch/rm-link ROOT NAME}, the object commands
 * Kubo still serves (deprecated): a dag-pb link added or removed by {@link DagPbLinkEditor}, answered
 * {@code {"Hash": "<new root>"}}. ROOT and REF are content paths ({@code /ipns/} too), fetched when missing; the new
 * blocks are stored durably and, as in Kubo, nothing is pinned. {@code allow-big-block} is taken (Kubo puts it on
 * {@code object patch}) but never needed: only a produced block over 2 MiB is refused, which no option lifts.
 */
final class ObjectRpc {
    private static final Set<String> COMMON = Set.of("allow-non-unixfs", "allow-big-block");

    private final Node node;

    private ObjectRpc(Node node) {
        this.node = node;
    }

    static void install(RpcServer server, Node node) {
        ObjectRpc rpc = new ObjectRpc(node);
        server.register("object/patch/add-link", union(COMMON, Set.of("create", "p")), rpc::addLink);
        server.register("object/patch/rm-link", COMMON, rpc::rmLink);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).collect(java.util.stream.Collectors.toSet());
    }

    private RpcResponse addLink(RpcRequest r) {
        List<String> args = required(r, "root", "name", "ref");
        boolean create = r.boolOption("create", false) || r.boolOption("p", false);
        boolean anyNode = r.boolOption("allow-non-unixfs", false);
        r.boolOption("allow-big-block", false);
        return patched(r, (editor, session) -> editor.addLink(
                resolve(args.get(0), session), args.get(1), resolve(args.get(2), session), create, anyNode));
    }

    private RpcResponse rmLink(RpcRequest r) {
        List<String> args = required(r, "root", "name");
        boolean anyNode = r.boolOption("allow-non-unixfs", false);
        r.boolOption("allow-big-block", false);
        return patched(r, (editor, session) -> editor.removeLink(resolve(args.get(0), session), args.get(1), anyNode));
    }

    private interface Edit {
        DagPbLinkEditor.Edited run(DagPbLinkEditor editor, FetchSession session);
    }

    /** Runs the edit over a fetch session, then stores what it wrote, durably, under the content lock. */
    private RpcResponse patched(RpcRequest r, Edit edit) {
        DagPbLinkEditor.Edited edited;
        try (ContentLock.Held held = ContentLock.of(node.repo().blocks()).writing()) {
            try (FetchSession session = node.fetcher().open(FilesRpc.blockTimeout(r))) {
                edited = edit.run(new DagPbLinkEditor(session.blocks()), session);
            }
            for (Block b : edited.blocks()) {
                node.repo().blocks().put(b);
            }
            node.repo().blocks().sync();
        }
        node.contentChanged();
        return new RpcResponse.Json(Map.of("Hash", edited.root().toString()));
    }

    /** The CID a content path ends at (a path into a dag-cbor value names the block it is in, as Kubo's). */
    private Cid resolve(String arg, FetchSession session) {
        return DagPaths.resolve(arg, node, session.blocks()).cid();
    }

    /** The positional arguments, each required by name as Kubo's command parser says. */
    private static List<String> required(RpcRequest r, String... names) {
        List<String> args = r.args();
        if (args.size() < names.length) {
            throw RpcException.badRequest("argument \"" + names[args.size()] + "\" is required");
        }
        if (args.size() > names.length) {
            throw RpcException.badRequest("expected " + names.length + " argument(s), got " + args.size());
        }
        return args;
    }
}
