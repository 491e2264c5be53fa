package dev.ferry.api.rpc;

import dev.ferry.multiformats.Cid;

/**
 * A content path as RPC arguments give it: {@code <cid>[/sub/path]} or {@code /ipfs/<cid>[/sub/path]}; commands that
 * read content also take {@code /ipns/<name>[/sub/path]} ({@link #resolve}).
 *
 * @param root the CID
 * @param path the part after it, without leading or trailing '/' (empty for the root itself)
 */
record IpfsPath(Cid root, String path) {
    /** Parses the argument; a 400 when the CID is not valid. */
    static IpfsPath parse(String arg) {
        String s = arg;
        if (s.startsWith("/ipfs/")) {
            s = s.substring(6);
        } else if (s.startsWith("/ipns/")) {
            throw RpcException.badRequest("IPNS paths are not supported: " + arg);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        int slash = s.indexOf('/');
        String cid = slash < 0 ? s : s.substring(0, slash);
        try {
            return new IpfsPath(Cid.parse(cid), slash < 0 ? "" : s.substring(slash + 1));
        } catch (IllegalArgumentException e) {
            throw RpcException.badRequest("invalid path \"" + arg + "\": invalid cid: " + e.getMessage());
        }
    }

    /** As {@link #parse}, resolving an {@code /ipns/} path through the node's name system first. */
    static IpfsPath resolve(String arg, dev.ferry.node.Node node) {
        if (!arg.startsWith("/ipns/")) {
            return parse(arg);
        }
        try {
            return parse(node.names().resolve(arg, true, true));
        } catch (dev.ferry.node.NameException e) {
            throw new RpcException(500, e.getMessage());
        }
    }

    /** Parses a plain CID argument (no path); a 400 when it is not one. */
    static Cid cid(String arg) {
        IpfsPath p = parse(arg);
        if (!p.path().isEmpty()) {
            throw RpcException.badRequest("expected a CID, not a path: " + arg);
        }
        return p.root();
    }
}
