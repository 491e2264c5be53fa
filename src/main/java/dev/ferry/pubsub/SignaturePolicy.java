package dev.ferry.pubsub;

/**
 * How messages are authored and which are accepted (the pubsub spec's signature policy options). Every peer of a topic
 * must use the same one: each drops the other's messages.
 */
public enum SignaturePolicy {
    /**
     * Kubo's and js-libp2p's default: every message carries its author, an 8-byte sequence number and the author's
     * signature; unsigned ones are dropped.
     */
    STRICT_SIGN,
    /** Anonymous messages: author, sequence number, signature and key must all be absent. */
    STRICT_NO_SIGN
}
