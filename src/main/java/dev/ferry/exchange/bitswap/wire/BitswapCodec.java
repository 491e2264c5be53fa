package dev.ferry.exchange.bitswap.wire;

import dev.ferry.multiformats.CidPrefix;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import dev.ferry.exchange.bitswap.wire.BitswapProto.Message;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.MultiformatException;
import dev.ferry.multiformats.Varint;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Bitswap framing and message codec: each message is {@code uvarint(length) ‖ protobuf Message}. The length is
 * checked against the cap before anything is allocated; decoding is strict (every CID and prefix must parse, enum
 * values must be known) and throws only {@link BitswapWireException}. Plain I/O failures of the underlying stream
 * stay {@link IOException}s.
 */
public final class BitswapCodec {
    /** The largest message accepted or sent: 4 MiB, as go and js peers use. */
    public static final int MAX_MESSAGE_SIZE = 4 * 1024 * 1024;
    /** The largest block a peer must accept. */
    public static final int MAX_BLOCK_SIZE = 2 * 1024 * 1024;

    private BitswapCodec() {}

    // ---- framing

    /**
     * Reads one framed message body; {@code null} at a clean end of stream (before the first length byte).
     *
     * @throws BitswapWireException malformed or oversized length, or the stream ends inside a message
     * @throws IOException          the stream itself failed
     */
    public static byte[] readFrame(InputStream in, int maxSize) throws IOException {
        int len = readLength(in, maxSize);
        if (len < 0) {
            return null;
        }
        // allocation is bounded by maxSize (checked above); reading straight into it avoids chunk copies
        byte[] body = new byte[len];
        readBody(in, body, len);
        return body;
    }

    /**
     * Reads a frame's length prefix; -1 at a clean end of stream (before the first length byte).
     *
     * @throws BitswapWireException malformed length, or more than {@code maxSize}
     */
    static int readLength(InputStream in, int maxSize) throws IOException {
        long len;
        try {
            len = Varint.read(in);
        } catch (EOFException e) {
            return -1;
        } catch (MultiformatException e) {
            throw new BitswapWireException("malformed length prefix: " + e.getMessage(), e);
        }
        if (len > maxSize) {
            throw new BitswapWireException("message of " + len + " bytes exceeds " + maxSize);
        }
        return (int) len;
    }

    /** Reads a frame's {@code len} body bytes into the start of {@code into}. */
    static void readBody(InputStream in, byte[] into, int len) throws IOException {
        int n = in.readNBytes(into, 0, len);
        if (n != len) {
            throw new BitswapWireException("stream ended inside a message (" + n + " of " + len + ")");
        }
    }

    /** Reads and decodes one message; {@code null} at a clean end of stream. */
    public static BitswapMessage read(InputStream in, int maxSize) throws IOException {
        byte[] body = readFrame(in, maxSize);
        return body == null ? null : decode(body);
    }

    /**
     * Writes {@code m} framed, encoded for {@code protocol} (see {@link #toProto}). Does not flush.
     *
     * @throws IllegalArgumentException the encoded message exceeds {@link #MAX_MESSAGE_SIZE}
     */
    public static void write(OutputStream out, BitswapMessage m, BitswapProtocol protocol) throws IOException {
        Message proto = toProto(m, protocol);
        int size = proto.getSerializedSize();
        if (size > MAX_MESSAGE_SIZE) {
            throw new IllegalArgumentException("message of " + size + " bytes exceeds " + MAX_MESSAGE_SIZE);
        }
        Varint.write(size, out);
        CodedOutputStream cos = CodedOutputStream.newInstance(out, Math.max(64, Math.min(size, 64 * 1024)));
        proto.writeTo(cos);
        cos.flush();
    }

    /** The framed bytes of {@code m} for {@code protocol}. */
    public static byte[] frame(BitswapMessage m, BitswapProtocol protocol) {
        byte[] body = encode(m, protocol);
        byte[] out = new byte[Varint.size(body.length) + body.length];
        int off = Varint.write(body.length, out, 0);
        System.arraycopy(body, 0, out, off, body.length);
        return out;
    }

    // ---- message

    /** The protobuf body of {@code m} (unframed). */
    public static byte[] encode(BitswapMessage m, BitswapProtocol protocol) {
        return toProto(m, protocol).toByteArray();
    }

    /** Encoded size of the protobuf body, without the length prefix. */
    public static int encodedSize(BitswapMessage m, BitswapProtocol protocol) {
        return toProto(m, protocol).getSerializedSize();
    }

    /**
     * Builds the protobuf form. Older protocols cannot say everything: for 1.0/1.1 a want-have becomes a want-block,
     * send-dont-have and presences are dropped; for 1.0 blocks are sent as raw bytes. Block data is wrapped, not
     * copied.
     */
    static Message toProto(BitswapMessage m, BitswapProtocol protocol) {
        Message.Builder b = Message.newBuilder();
        if (!m.wants().isEmpty() || m.full()) {
            Message.Wantlist.Builder wl = Message.Wantlist.newBuilder().setFull(m.full());
            for (WantEntry e : m.wants()) {
                Message.Wantlist.Entry.Builder eb = Message.Wantlist.Entry.newBuilder()
                        .setBlock(UnsafeByteOperations.unsafeWrap(e.cid().bytes()))
                        .setPriority(e.priority())
                        .setCancel(e.cancel());
                if (protocol.hasPresences() && !e.cancel()) {
                    eb.setWantTypeValue(e.type().code()).setSendDontHave(e.sendDontHave());
                }
                wl.addEntries(eb);
            }
            b.setWantlist(wl);
        }
        for (Payload p : m.blocks()) {
            ByteString data = UnsafeByteOperations.unsafeWrap(p.data());
            if (protocol.hasPrefixes()) {
                b.addPayload(Message.Block.newBuilder()
                        .setPrefix(UnsafeByteOperations.unsafeWrap(p.prefix().encode()))
                        .setData(data));
            } else {
                b.addBlocks(data);
            }
        }
        if (protocol.hasPresences()) {
            for (BlockPresence bp : m.presences()) {
                b.addBlockPresences(Message.BlockPresence.newBuilder()
                        .setCid(UnsafeByteOperations.unsafeWrap(bp.cid().bytes()))
                        .setTypeValue(bp.type().code()));
            }
        }
        b.setPendingBytes(m.pendingBytes());
        return b.build();
    }

    /** Decodes one protobuf body (any version: raw blocks and prefixed blocks are both accepted). */
    public static BitswapMessage decode(byte[] body) throws BitswapWireException {
        return decode(body, body.length);
    }

    /**
     * Decodes the first {@code len} bytes of {@code body}. The message keeps no view of {@code body} (every field is
     * copied out), so the caller may reuse the array at once.
     */
    static BitswapMessage decode(byte[] body, int len) throws BitswapWireException {
        if (len > MAX_MESSAGE_SIZE) {
            throw new BitswapWireException("message of " + len + " bytes exceeds " + MAX_MESSAGE_SIZE);
        }
        Message proto;
        try {
            // protobuf aliases only input it may treat as immutable: wrapped as a ByteString, the body is, so block
            // data is a view of it, copied once below (newInstance(byte[]) would copy every block twice)
            CodedInputStream cis = UnsafeByteOperations.unsafeWrap(body, 0, len).newCodedInput();
            cis.enableAliasing(true);
            cis.setSizeLimit(MAX_MESSAGE_SIZE);
            cis.setRecursionLimit(8);
            proto = Message.parseFrom(cis);
            cis.checkLastTagWas(0);
        } catch (InvalidProtocolBufferException e) {
            throw new BitswapWireException("malformed message: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new BitswapWireException("malformed message: " + e, e);
        }
        return fromProto(proto);
    }

    static BitswapMessage fromProto(Message proto) throws BitswapWireException {
        List<WantEntry> wants = new ArrayList<>(proto.getWantlist().getEntriesCount());
        for (Message.Wantlist.Entry e : proto.getWantlist().getEntriesList()) {
            Cid cid = cid(e.getBlock());
            WantType type = WantType.of(e.getWantTypeValue());
            wants.add(new WantEntry(cid, e.getPriority(), e.getCancel(), type, e.getSendDontHave()));
        }
        List<Payload> blocks = new ArrayList<>(proto.getBlocksCount() + proto.getPayloadCount());
        for (ByteString raw : proto.getBlocksList()) {
            blocks.add(new Payload(CidPrefix.V0, blockData(raw)));
        }
        for (Message.Block pb : proto.getPayloadList()) {
            CidPrefix prefix = prefix(pb.getPrefix());
            blocks.add(new Payload(prefix, blockData(pb.getData())));
        }
        List<BlockPresence> presences = new ArrayList<>(proto.getBlockPresencesCount());
        for (Message.BlockPresence bp : proto.getBlockPresencesList()) {
            presences.add(new BlockPresence(cid(bp.getCid()), PresenceType.of(bp.getTypeValue())));
        }
        return new BitswapMessage(wants, proto.getWantlist().getFull(), blocks, presences, proto.getPendingBytes());
    }

    private static CidPrefix prefix(ByteString bytes) throws BitswapWireException {
        try {
            return CidPrefix.decode(bytes.toByteArray());
        } catch (IllegalArgumentException e) {
            throw new BitswapWireException(e.getMessage(), e);
        }
    }

    private static byte[] blockData(ByteString data) throws BitswapWireException {
        if (data.size() > MAX_BLOCK_SIZE) {
            throw new BitswapWireException("block of " + data.size() + " bytes exceeds " + MAX_BLOCK_SIZE);
        }
        return data.toByteArray();
    }

    private static Cid cid(ByteString bytes) throws BitswapWireException {
        if (bytes.size() > 256) {
            throw new BitswapWireException("CID of " + bytes.size() + " bytes");
        }
        try {
            return Cid.decode(bytes.toByteArray());
        } catch (IllegalArgumentException e) {
            throw new BitswapWireException("malformed CID: " + e.getMessage(), e);
        }
    }
}
