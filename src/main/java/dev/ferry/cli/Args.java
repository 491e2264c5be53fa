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

    record CidPath(Cid cid, String path) {}
}
