package dev.ferry.routing.dht.wire;

/** A value record (GET_VALUE/PUT_VALUE): its key, value, and when the answering server received it (RFC 3339). */
public record DhtRecord(byte[] key, byte[] value, String timeReceived) {
    public DhtRecord {
        key = key.clone();
        value = value.clone();
    }
}
