package dev.ferry.pubsub.wire;

import java.util.Arrays;
import java.util.HexFormat;

/** A message ID: arbitrary bytes (never decoded as text), compared by content. */
public record MessageId(byte[] bytes) {
    public MessageId {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    byte[] raw() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageId m && Arrays.equals(bytes, m.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
