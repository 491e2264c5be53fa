package dev.ferry.api.rpc;

import dev.ferry.dag.walk.PathResolver;
import dev.ferry.dag.walk.ResolvedPath;
import dev.ferry.node.Node;
import dev.ferry.store.Blockstore;

/**
 * Kubo's ResolvePath for RPC arguments: {@code CID[/path]}, {@code /ipfs/CID[/path]} or {@code /ipns/NAME[/path]}
 * (the name resolved through the node's name system first), then the path through the DAG to the block it ends in.
 */
final class DagPaths {
    private DagPaths() {
    }

    /**
     * Resolves {@code arg} over {@code blocks} (a fetch session's, so that what is missing is fetched). A malformed
     * argument is a 400; a path that names nothing, like a name that does not resolve, a 500 with Kubo's message.
     */
    static ResolvedPath resolve(String arg, Node node, Blockstore blocks) {
        IpfsPath p = IpfsPath.resolve(arg, node);
        try {
            return new PathResolver(blocks).resolve(p.root(), ResolvedPath.segments(p.path()));
        } catch (IllegalArgumentException e) {
            throw new RpcException(500, e.getMessage());
        }
    }
}
