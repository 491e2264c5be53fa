package dev.ferry.exchange.ferry;

/** Why a peer's capabilities message was refused, and whether its connection is closed for it. */
public enum Rejection {
    /** Not a frame, envelope, record or filter of the format (including non-canonical encodings). */
    MALFORMED(true),
    /** A message or Bloom filter above the configured caps, refused before allocating. */
    OVERSIZED(true),
    /** The record names a DID other than the did:key of the key the connection proved. */
    DID_MISMATCH(true),
    /** The signature does not verify with the connection's proven key. */
    BAD_SIGNATURE(true),
    /** The same sequence number as the record held, with different content. */
    EQUIVOCATION(true),
    /** A sequence number not above the one held (a replay or an old record): ignored. */
    STALE(false),
    /** More pushes than the per-peer rate allows: the stream is reset before reading. */
    RATE_LIMITED(false),
    /** The peer's key type has no did:key form (RSA, ECDSA), so it cannot take part. */
    NO_DID(false),
    /** Too many records being decoded at once, or the table's memory budget is spent. */
    BUSY(false);

    private final boolean closesConnection;

    Rejection(boolean closesConnection) {
        this.closesConnection = closesConnection;
    }

    /** True for misbehaviour an honest peer never shows: the connection is closed. */
    public boolean closesConnection() {
        return closesConnection;
    }
}
