package dev.ferry.dag.car;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * The fixed CARv2 header that follows the 11-byte pragma: 16 bytes of characteristics (bit 0 of the first byte, its
 * most significant bit, is "fully indexed"), then data offset, data size and index offset as little-endian uint64.
 *
 * @param characteristicsHigh first 8 bytes of the characteristics bitfield, big-endian (as stored)
 * @param characteristicsLow  last 8 bytes of the characteristics bitfield
 * @param dataOffset          byte offset of the inner CARv1 from the start of the file
 * @param dataSize            length of the inner CARv1
 * @param indexOffset         byte offset of the index, 0 when there is none
 */
public record CarV2Header(long characteristicsHigh, long characteristicsLow, long dataOffset, long dataSize,
        long indexOffset) {
    /** {@code varint(10) {"version": 2}}: the 11 bytes every CARv2 starts with. */
    public static final byte[] PRAGMA = HexFormat.of().parseHex("0aa16776657273696f6e02");
    /** Length of the fixed header. */
    public static final int LENGTH = 40;
    /** Where the fixed header ends and the inner CARv1 may start at the earliest. */
    public static final int MIN_DATA_OFFSET = 11 + LENGTH;

    /** A header for an inner CARv1 placed right after the header, without an index. */
    public static CarV2Header of(long dataSize) {
        return new CarV2Header(0, 0, MIN_DATA_OFFSET, dataSize, 0);
    }

    public boolean fullyIndexed() {
        return (characteristicsHigh & (1L << 63)) != 0;
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        b.putLong(characteristicsHigh).putLong(characteristicsLow);
        b.order(ByteOrder.LITTLE_ENDIAN).putLong(dataOffset).putLong(dataSize).putLong(indexOffset);
        return b.array();
    }

    /**
     * Decodes and checks the fixed header: data at or after byte 51, sizes within signed 64 bits, the index (if any)
     * not overlapping the data.
     */
    public static CarV2Header decode(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new CarException("CARv2 header must be " + LENGTH + " bytes, got " + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long hi = b.getLong();
        long lo = b.getLong();
        b.order(ByteOrder.LITTLE_ENDIAN);
        long offset = b.getLong();
        long size = b.getLong();
        long index = b.getLong();
        if (offset < MIN_DATA_OFFSET) {
            throw new CarException("CARv2 data offset " + Long.toUnsignedString(offset) + " is inside the header");
        }
        if (size < 0 || offset + size < 0) {
            throw new CarException("CARv2 data size " + Long.toUnsignedString(size) + " is out of range");
        }
        if (index != 0 && (index < 0 || index < offset + size)) {
            throw new CarException("CARv2 index offset " + Long.toUnsignedString(index) + " overlaps the data");
        }
        return new CarV2Header(hi, lo, offset, size, index);
    }
}
