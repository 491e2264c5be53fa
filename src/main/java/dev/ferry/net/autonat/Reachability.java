package dev.ferry.net.autonat;

/** Whether peers on the Internet can dial this node, as AutoNAT found out. */
public enum Reachability {
    /** Not known yet, or the answers disagree. */
    UNKNOWN("Unknown"),
    /** Servers dialled back and reached this node. */
    PUBLIC("Public"),
    /** Servers dialled back and failed: behind a NAT or a firewall. */
    PRIVATE("Private");

    private final String label;

    Reachability(String label) {
        this.label = label;
    }

    /** The name go-libp2p and Kubo print ({@code Unknown}, {@code Public}, {@code Private}). */
    public String label() {
        return label;
    }
}
