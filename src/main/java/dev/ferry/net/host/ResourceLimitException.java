package dev.ferry.net.host;

/**
 * A connection or stream was refused because one of its resource scopes is at a limit, e.g.
 * {@code resource limit exceeded: peer 12D3… streams inbound 256}.
 */
public final class ResourceLimitException extends ConnectionLimitException {
    private final String scope;
    private final String limitName;
    private final long limit;

    /**
     * @param scope     {@code system}, {@code transient}, {@code protocol <id>} or {@code peer <id>}
     * @param limitName the limit's Kubo name (one of {@link ResourceLimits#NAMES})
     * @param limit     its value
     */
    public ResourceLimitException(String scope, String limitName, long limit) {
        super("resource limit exceeded: " + scope + " " + words(limitName) + " " + limit);
        this.scope = scope;
        this.limitName = limitName;
        this.limit = limit;
    }

    public String scope() {
        return scope;
    }

    public String limitName() {
        return limitName;
    }

    public long limit() {
        return limit;
    }

    /** {@code StreamsInbound} as "streams inbound", {@code FD} as "file descriptors". */
    private static String words(String limitName) {
        return switch (limitName) {
            case "FD" -> "file descriptors";
            case "Conns" -> "connections";
            case "ConnsInbound" -> "connections inbound";
            case "ConnsOutbound" -> "connections outbound";
            case "StreamsInbound" -> "streams inbound";
            case "StreamsOutbound" -> "streams outbound";
            default -> limitName.toLowerCase(java.util.Locale.ROOT);
        };
    }
}
