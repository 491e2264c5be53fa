package dev.ferry.exchange.ferry.request.wire;

import dev.ferry.multiformats.CidPrefix;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnsafeByteOperations;
import dev.ferry.exchange.ferry.request.Source;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.LengthPrefixedFrame;
import dev.ferry.multiformats.Varint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Framing and protobuf translation of {@code /ferry/request/1.0.0}. Every length is checked against its cap before
 * anything is allocated; decoders are strict (unknown fields, unknown or repeated sources, an unparsable CID, text
 * or prefixes beyond their caps are refused) and throw only {@link RequestFormatException} on bad input.
 */
public final class RequestWire {
    /** Largest request frame: a CID, a DID, a few sources and a ttl fit with room to spare. */
    public static final int MAX_REQUEST_BYTES = 1024;
    /** Largest block carried (as Bitswap and Kubo: 2 MiB). */
    public static final int MAX_BLOCK_BYTES = 2 * 1024 * 1024;
    /** Largest response frame: a block plus its prefix and protobuf overhead. */
    public static final int MAX_FRAME_BYTES = MAX_BLOCK_BYTES + 64;
    public static final int MAX_CID_BYTES = 256;
    public static final int MAX_DID_CHARS = 128;
    public static final int MAX_MESSAGE_CHARS = 512;
    public static final int MAX_SOURCES = 3;

    private RequestWire() {}

    // ---- framing

    /**
     * Reads one {@code uvarint(length) ‖ body} frame; {@code null} at a clean end of stream before the first byte.
     *
     * @throws RequestFormatException malformed length, a length above {@code maxSize} (refused before allocating),
     *                                or the stream ends inside the frame
     */
    public static byte[] readFrame(InputStream in, int maxSize) throws IOException {
        return LengthPrefixedFrame.read(in, maxSize, RequestFormatException::new);
    }

    /** Writes {@code uvarint(body.length) ‖ body} (no flush). */
    public static void writeFrame(OutputStream out, byte[] body) throws IOException {
        Varint.write(body.length, out);
        out.write(body);
    }

    // ---- request

    public static byte[] encodeRequest(WireRequest r) {
        RequestProto.Request.Builder b = RequestProto.Request.newBuilder()
                .setRoot(UnsafeByteOperations.unsafeWrap(r.root().bytes()))
                .setRequester(r.requester())
                .setTtl((int) r.ttl());
        for (Source s : r.sources()) {
            b.addSources(s.code());
        }
        return b.build().toByteArray();
    }

    public static WireRequest decodeRequest(byte[] bytes) throws RequestFormatException {
        if (bytes.length > MAX_REQUEST_BYTES) {
            throw new RequestFormatException("request of " + bytes.length + " bytes");
        }
        RequestProto.Request m;
        try {
            m = RequestProto.Request.parseFrom(bytes);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new RequestFormatException("malformed request: " + e.getMessage(), e);
        }
        requireNoUnknownFields(m, "request");
        if (m.getRequester().length() > MAX_DID_CHARS) {
            throw new RequestFormatException("requester longer than " + MAX_DID_CHARS);
        }
        if (m.getSourcesCount() > MAX_SOURCES) {
            throw new RequestFormatException("more than " + MAX_SOURCES + " sources");
        }
        EnumSet<Source> seen = EnumSet.noneOf(Source.class);
        List<Source> sources = new ArrayList<>(m.getSourcesCount());
        for (int code : m.getSourcesList()) {
            Source s;
            try {
                s = Source.ofCode(code);
            } catch (IllegalArgumentException e) {
                throw new RequestFormatException("unknown source " + Integer.toUnsignedString(code));
            }
            if (!seen.add(s)) {
                throw new RequestFormatException("source " + s + " given twice");
            }
            sources.add(s);
        }
        return new WireRequest(cid(m.getRoot(), "root"), m.getRequester(), sources,
                Integer.toUnsignedLong(m.getTtl()));
    }

    // ---- response frames

    public static byte[] encodeFrame(ResponseFrame f) {
        RequestProto.Frame.Builder b = RequestProto.Frame.newBuilder();
        switch (f) {
            case ResponseFrame.Header h -> b.setHeader(RequestProto.Header.newBuilder()
                    .setStatus(h.status()).setMessage(clip(h.message())));
            case ResponseFrame.BlockFrame bf -> b.setBlock(RequestProto.Block.newBuilder()
                    .setPrefix(UnsafeByteOperations.unsafeWrap(bf.prefix().encode()))
                    .setData(UnsafeByteOperations.unsafeWrap(bf.data())));
            case ResponseFrame.End e -> b.setEnd(RequestProto.End.newBuilder()
                    .setStatus(e.status()).setBlocks(e.blocks()).setMessage(clip(e.message())));
            case ResponseFrame.Wait x -> b.setWait(RequestProto.Wait.getDefaultInstance());
        }
        return b.build().toByteArray();
    }

    public static ResponseFrame decodeFrame(byte[] bytes) throws RequestFormatException {
        if (bytes.length > MAX_FRAME_BYTES) {
            throw new RequestFormatException("frame of " + bytes.length + " bytes");
        }
        RequestProto.Frame m;
        try {
            // parsed as an immutable ByteString so that block data is a view of the frame, copied once below
            com.google.protobuf.CodedInputStream in = com.google.protobuf.UnsafeByteOperations.unsafeWrap(bytes)
                    .newCodedInput();
            in.enableAliasing(true);
            m = RequestProto.Frame.parseFrom(in);
            in.checkLastTagWas(0);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new RequestFormatException("malformed frame: " + e.getMessage(), e);
        } catch (java.io.IOException e) { // an array never fails to read: only malformed input ends up here
            throw new RequestFormatException("malformed frame: " + e, e);
        }
        requireNoUnknownFields(m, "frame");
        return switch (m.getKindCase()) {
            case HEADER -> {
                RequestProto.Header h = m.getHeader();
                requireNoUnknownFields(h, "header");
                yield new ResponseFrame.Header(h.getStatus(), message(h.getMessage()));
            }
            case BLOCK -> {
                RequestProto.Block b = m.getBlock();
                requireNoUnknownFields(b, "block");
                if (b.getData().size() > MAX_BLOCK_BYTES) {
                    throw new RequestFormatException("block of " + b.getData().size() + " bytes");
                }
                yield new ResponseFrame.BlockFrame(prefix(b.getPrefix()), b.getData().toByteArray());
            }
            case END -> {
                RequestProto.End e = m.getEnd();
                requireNoUnknownFields(e, "end");
                if (e.getBlocks() < 0) {
                    throw new RequestFormatException("block count above 2^63-1");
                }
                yield new ResponseFrame.End(e.getStatus(), e.getBlocks(), message(e.getMessage()));
            }
            case WAIT -> {
                requireNoUnknownFields(m.getWait(), "wait");
                yield new ResponseFrame.Wait();
            }
            case KIND_NOT_SET -> throw new RequestFormatException("empty frame");
        };
    }

    // ---- helpers

    private static CidPrefix prefix(ByteString b) throws RequestFormatException {
        try {
            return CidPrefix.decode(b.toByteArray());
        } catch (IllegalArgumentException e) {
            throw new RequestFormatException(e.getMessage(), e);
        }
    }

    private static Cid cid(ByteString b, String what) throws RequestFormatException {
        if (b.size() > MAX_CID_BYTES) {
            throw new RequestFormatException(what + " CID of " + b.size() + " bytes");
        }
        try {
            return Cid.decode(b.toByteArray());
        } catch (RuntimeException e) {
            throw new RequestFormatException("malformed " + what + " CID: " + e.getMessage(), e);
        }
    }

    private static String message(String m) throws RequestFormatException {
        if (m.length() > MAX_MESSAGE_CHARS) {
            throw new RequestFormatException("message longer than " + MAX_MESSAGE_CHARS);
        }
        return m;
    }

    private static String clip(String m) {
        return m.length() <= MAX_MESSAGE_CHARS ? m : m.substring(0, MAX_MESSAGE_CHARS);
    }

    // protobuf-java keeps unknown fields; a strict decoder refuses them
    private static void requireNoUnknownFields(Message m, String what) throws RequestFormatException {
        if (!m.getUnknownFields().asMap().isEmpty()) {
            throw new RequestFormatException(what + " has unknown fields " + m.getUnknownFields().asMap().keySet());
        }
    }
}
