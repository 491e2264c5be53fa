package dev.ferry.routing.gateway;

/** The trustless gateway's {@code dag-scope} query parameter: how much of the DAG under a CID a CAR carries. */
public enum DagScope {
    /** The root block only. */
    BLOCK("block"),
    /** What is needed to read the entity: a whole UnixFS file, a directory's own blocks (HAMT shards included). */
    ENTITY("entity"),
    /** The whole DAG under the root. */
    ALL("all");

    private final String param;

    DagScope(String param) {
        this.param = param;
    }

    /** The value on the wire. */
    public String param() {
        return param;
    }
}
