package dev.ferry.identity;

import dev.ferry.multiformats.MultiformatException;
import dev.ferry.multiformats.Varint;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The {@code PublicKey} / {@code PrivateKey} protobuf, by hand and strict: {@code 08 <type> 12 <len> <data>}, the
 * type a single byte (every valid type is &lt; 128), the length a minimal varint equal to the rest of the message.
 */
final class KeyProto {
    /** Largest key Data accepted (RSA keys of up to 8192 bits fit easily). */
    static final int MAX_DATA = 8 * 1024;
    static final int MAX_MESSAGE = MAX_DATA + 16;

    private KeyProto() {}

    record Decoded(KeyType type, byte[] data) {}

    static byte[] encode(KeyType type, byte[] data) {
        int lenSize = Varint.size(data.length);
        byte[] out = new byte[3 + lenSize + data.length];
        out[0] = 0x08;
        out[1] = (byte) type.code();
        out[2] = 0x12;
        Varint.write(data.length, out, 3);
        System.arraycopy(data, 0, out, 3 + lenSize, data.length);
        return out;
    }

    static Decoded decode(byte[] bytes, String what) {
        if (bytes == null) {
            throw new KeyFormatException(what + ": null");
        }
        if (bytes.length > MAX_MESSAGE) {
            throw new KeyFormatException(what + ": " + bytes.length + " bytes exceeds " + MAX_MESSAGE);
        }
        if (bytes.length < 4) {
            throw new KeyFormatException(what + ": truncated (" + bytes.length + " bytes)");
        }
        if (bytes[0] != 0x08) {
            throw new KeyFormatException(what + ": must start with field 1 (Type), found tag byte " + (bytes[0] & 0xff));
        }
        int typeCode = bytes[1] & 0xff;
        if (typeCode > 0x7f) {
            throw new KeyFormatException(what + ": key type is not a one-byte minimal varint");
        }
        KeyType type = KeyType.fromCode(typeCode);
        if (bytes[2] != 0x12) {
            throw new KeyFormatException(what + ": field 2 (Data) must follow Type, found tag byte " + (bytes[2] & 0xff));
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes, 3, bytes.length - 3);
        long len;
        try {
            len = Varint.decode(buf);
        } catch (MultiformatException e) {
            throw new KeyFormatException(what + ": bad Data length: " + e.getMessage(), e);
        }
        if (len > MAX_DATA) {
            throw new KeyFormatException(what + ": Data of " + len + " bytes exceeds " + MAX_DATA);
        }
        if (len != buf.remaining()) {
            throw new KeyFormatException(what + ": Data length " + len + " but " + buf.remaining()
                    + " bytes follow (truncated or trailing fields)");
        }
        return new Decoded(type, Arrays.copyOfRange(bytes, buf.position(), bytes.length));
    }
}
