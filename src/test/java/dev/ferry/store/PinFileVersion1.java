package dev.ferry.store;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Varint;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/** Pin files as stores wrote them before names (version 1), to check they are still read. */
final class PinFileVersion1 {
    private PinFileVersion1() {
    }

    static byte[] encode(Map<Cid, PinType> pins) {
        List<Map.Entry<byte[], PinType>> entries = new ArrayList<>();
        pins.forEach((c, t) -> entries.add(Map.entry(c.bytes(), t)));
        entries.sort((a, b) -> Arrays.compareUnsigned(a.getKey(), b.getKey()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PinFileCodec.MAGIC);
        out.write(1);
        out.writeBytes(ByteBuffer.allocate(4).putInt(entries.size()).array());
        for (var e : entries) {
            out.write(e.getValue().code());
            out.writeBytes(Varint.encode(e.getKey().length));
            out.writeBytes(e.getKey());
        }
        return seal(out.toByteArray());
    }

    static byte[] seal(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        byte[] file = Arrays.copyOf(body, body.length + 4);
        ByteBuffer.wrap(file, body.length, 4).putInt((int) crc.getValue());
        return file;
    }
}
