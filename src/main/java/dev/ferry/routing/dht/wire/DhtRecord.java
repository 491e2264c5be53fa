package dev.ferry.routing.dht.wire;

/** A value record (GET_VALUE/PUT_VALUE): kept as bytes; ferry stores none. */
public record DhtRecord(byte[] key, byte[] value, String timeReceived) {
    public DhtRecord {
        key = key.clone();
        value = value.clone();
    }
}
