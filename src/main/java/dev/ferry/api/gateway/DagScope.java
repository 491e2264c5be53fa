package dev.ferry.api.gateway;

/** The {@code dag-scope} of a CAR request: which blocks after those needed to resolve the path. */
enum DagScope {
    /** Only the block at the end of the path. */
    BLOCK("block"),
    /** The blocks of the entity there: a whole UnixFS file, a directory's own (shard) blocks, else the block. */
    ENTITY("entity"),
    /** The whole DAG below the end of the path. */
    ALL("all");

    private final String wire;

    DagScope(String wire) {
        this.wire = wire;
    }

    String wire() {
        return wire;
    }

    /** @throws GatewayException 400 for an unknown value */
    static DagScope of(String s) {
        for (DagScope d : values()) {
            if (d.wire.equals(s)) {
                return d;
            }
        }
        throw GatewayException.badRequest("dag-scope must be block, entity or all");
    }
}
