package dev.ferry.dag.unixfs;

/**
 * A link edit that cannot be made: the node is not dag-pb, its UnixFS type does not take named links, a link on the
 * path is missing, a name is empty, or a new block would be too big. The messages are Kubo's.
 */
public class LinkEditException extends UnixfsException {
    private static final long serialVersionUID = 1L;

    public LinkEditException(String message) {
        super(message);
    }
}
