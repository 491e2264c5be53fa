package dev.ferry.cli;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.MultiformatException;

/** Parsing of positional arguments shared by commands, with messages that name the bad input. */
final class Args {
    private Args() {}

    /** A CID, also accepted as {@code /ipfs/CID}; a path after the CID is refused here (see {@link #cidPath}). */
    static Cid cid(String text) {
        CidPath p = cidPath(text);
        if (!p.path().isEmpty()) {
            throw new IllegalArgumentException("expected a CID, not a path: " + text);
        }
        return p.cid();
    }

    /** {@code CID[/path]} or {@code /ipfs/CID[/path]}. */
    static CidPath cidPath(String text) {
        String s = text.strip();
        if (s.startsWith("/ipfs/")) {
            s = s.substring("/ipfs/".length());
        }
        int slash = s.indexOf('/');
        String head = slash < 0 ? s : s.substring(0, slash);
        String rest = slash < 0 ? "" : s.substring(slash + 1);
        while (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        try {
            return new CidPath(Cid.parse(head), rest);
        } catch (MultiformatException e) {
            throw new IllegalArgumentException("invalid CID '" + head + "': " + e.getMessage());
        }
    }

    /**
     * Checks a content argument before a daemon gets it: {@code CID[/path]}, {@code /ipfs/CID[/path]}, or an
     * {@code /ipns/NAME[/path]} the daemon resolves.
     */
    static void checkTarget(String text) {
        if (!text.strip().startsWith("/ipns/")) {
            cidPath(text);
        }
    }

    /** A content argument read from a repo without a daemon: {@code /ipns/} names resolve from the repo's records. */
    static CidPath local(String text, dev.ferry.node.repo.Repo repo) {
        String s = text.strip();
        if (!s.startsWith("/ipns/")) {
            return cidPath(s);
        }
        try (dev.ferry.node.NameSystem names = dev.ferry.node.NameSystem.offline(repo)) {
            return cidPath(names.resolve(s, true, true));
        } catch (dev.ferry.node.NameException e) {
            throw new IllegalArgumentException(e.getMessage() + (e.notFound()
                    ? " (without a daemon only this node's own names resolve)" : ""));
        }
    }

    /** The last name in a content argument: the default file name of what {@code get} saves. */
    static String lastName(String text) {
        String s = text.strip();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.substring(s.lastIndexOf('/') + 1);
    }

    record CidPath(Cid cid, String path) {}
}
