package dev.ferry.exchange.ferry.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import dev.ferry.exchange.ferry.wire.CapabilitiesProto.Bandwidth;
import dev.ferry.exchange.ferry.wire.CapabilitiesProto.IpfsNode;
import dev.ferry.exchange.ferry.wire.CapabilitiesProto.Record;
import dev.ferry.exchange.ferry.wire.CapabilitiesProto.SignedCapabilities;
import dev.ferry.multiformats.MultiformatException;
import dev.ferry.multiformats.Varint;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Framing and protobuf translation of the capabilities messages. Decoding is strict: every length is checked against
 * its cap before anything is allocated, and a message must be the canonical encoding of what it decodes to (fields in
 * ascending number order, each at most once, defaults omitted, minimal varints, no unknown fields): re-encoding the
 * parsed message must give back the exact input bytes. Throws only {@link CapabilitiesFormatException} on bad input.
 */
public final class CapabilitiesWire {
    /** Signatures above this are refused (Ed25519 uses 64 bytes, DER ECDSA at most 72, RSA-8192 1024). */
    public static final int MAX_SIGNATURE = 1024;
    public static final int MAX_DID = 128;
    public static final int MAX_URL = 2048;
    public static final int MAX_SWARM_ADDRS = 32;
    public static final int MAX_ADDR_BYTES = 512;

    private CapabilitiesWire() {}

    // ---- framing

    /**
     * Reads one {@code uvarint(length) ‖ body} frame; {@code null} at a clean end of stream before the first byte.
     *
     * @throws CapabilitiesFormatException malformed length, a length above {@code maxSize} (refused before
     *                                     allocating), or the stream ends inside the frame
     */
    public static byte[] readFrame(InputStream in, int maxSize) throws IOException {
        long len;
        try {
            len = Varint.read(in);
        } catch (EOFException e) {
            return null;
        } catch (MultiformatException e) {
            throw new CapabilitiesFormatException("malformed length prefix: " + e.getMessage(), e);
        }
        if (len > maxSize) {
            throw CapabilitiesFormatException.oversized("message of " + len + " bytes exceeds the cap of " + maxSize);
        }
        byte[] body = in.readNBytes((int) len);
        if (body.length != len) {
            throw new CapabilitiesFormatException("stream ended inside a message (" + body.length + " of " + len + ")");
        }
        return body;
    }

    /** Writes {@code uvarint(body.length) ‖ body} and flushes. */
    public static void writeFrame(OutputStream out, byte[] body) throws IOException {
        Varint.write(body.length, out);
        out.write(body);
        out.flush();
    }

    // ---- envelope

    public static byte[] encodeEnvelope(WireEnvelope e) {
        return SignedCapabilities.newBuilder()
                .setRecord(UnsafeByteOperations.unsafeWrap(e.record()))
                .setSignature(UnsafeByteOperations.unsafeWrap(e.signature()))
                .build().toByteArray();
    }

    /**
     * @throws CapabilitiesFormatException malformed, non-canonical, a missing record or signature, or a signature
     *                                     longer than {@link #MAX_SIGNATURE}
     */
    public static WireEnvelope decodeEnvelope(byte[] bytes) throws CapabilitiesFormatException {
        SignedCapabilities m;
        try {
            m = SignedCapabilities.parseFrom(bytes);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new CapabilitiesFormatException("malformed capabilities envelope: " + e.getMessage(), e);
        }
        requireCanonical(m.toByteArray(), bytes, "envelope");
        requireNoUnknownFields(m, "envelope");
        if (m.getRecord().isEmpty() || m.getSignature().isEmpty()) {
            throw new CapabilitiesFormatException("envelope without record or signature");
        }
        if (m.getSignature().size() > MAX_SIGNATURE) {
            throw new CapabilitiesFormatException("signature of " + m.getSignature().size() + " bytes");
        }
        return new WireEnvelope(m.getRecord().toByteArray(), m.getSignature().toByteArray());
    }

    // ---- record

    public static byte[] encodeRecord(WireRecord r) {
        Record.Builder b = Record.newBuilder().setDid(r.did()).setSeq(r.seq())
                .setContentIndex(UnsafeByteOperations.unsafeWrap(r.contentIndex()));
        if (r.hasIpfs()) {
            IpfsNode.Builder ib = IpfsNode.newBuilder().setEnabled(r.ipfsEnabled()).setType(r.ipfsType())
                    .setGatewayUrl(r.gatewayUrl());
            for (byte[] a : r.swarmAddrs()) {
                ib.addSwarmAddrs(ByteString.copyFrom(a));
            }
            b.setIpfs(ib);
        }
        if (r.hasBandwidth()) {
            b.setBandwidth(Bandwidth.newBuilder().setUploadBytesPerSecond(r.uploadBytesPerSecond())
                    .setDownloadBytesPerSecond(r.downloadBytesPerSecond()));
        }
        return b.build().toByteArray();
    }

    /**
     * @throws CapabilitiesFormatException malformed, non-canonical, or a field beyond its cap (sequence numbers
     *                                     above 2^63-1 included)
     */
    public static WireRecord decodeRecord(byte[] bytes) throws CapabilitiesFormatException {
        Record m;
        try {
            m = Record.parseFrom(bytes);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new CapabilitiesFormatException("malformed capabilities record: " + e.getMessage(), e);
        }
        requireCanonical(m.toByteArray(), bytes, "record");
        requireNoUnknownFields(m, "record");
        requireNoUnknownFields(m.getIpfs(), "record.ipfs");
        requireNoUnknownFields(m.getBandwidth(), "record.bandwidth");
        if (m.getDid().length() > MAX_DID) {
            throw new CapabilitiesFormatException("DID longer than " + MAX_DID);
        }
        if (m.getSeq() < 0) {
            throw new CapabilitiesFormatException("sequence number above 2^63-1");
        }
        IpfsNode ipfs = m.getIpfs();
        if (ipfs.getGatewayUrl().length() > MAX_URL) {
            throw new CapabilitiesFormatException("gateway URL longer than " + MAX_URL);
        }
        if (ipfs.getSwarmAddrsCount() > MAX_SWARM_ADDRS) {
            throw new CapabilitiesFormatException("more than " + MAX_SWARM_ADDRS + " swarm addresses");
        }
        List<byte[]> addrs = new ArrayList<>(ipfs.getSwarmAddrsCount());
        for (ByteString a : ipfs.getSwarmAddrsList()) {
            if (a.size() > MAX_ADDR_BYTES) {
                throw new CapabilitiesFormatException("swarm address of " + a.size() + " bytes");
            }
            addrs.add(a.toByteArray());
        }
        Bandwidth bw = m.getBandwidth();
        if (bw.getUploadBytesPerSecond() < 0 || bw.getDownloadBytesPerSecond() < 0) {
            throw new CapabilitiesFormatException("bandwidth limit above 2^63-1");
        }
        return new WireRecord(m.getDid(), m.getSeq(), m.hasIpfs(), ipfs.getEnabled(), ipfs.getType(),
                ipfs.getGatewayUrl(), addrs, m.getContentIndex().toByteArray(), m.hasBandwidth(),
                bw.getUploadBytesPerSecond(), bw.getDownloadBytesPerSecond());
    }

    // protobuf-java keeps unknown fields and writes them back, so re-encoding alone does not catch them
    private static void requireNoUnknownFields(com.google.protobuf.Message m, String what)
            throws CapabilitiesFormatException {
        if (!m.getUnknownFields().asMap().isEmpty()) {
            throw new CapabilitiesFormatException(what + " has unknown fields "
                    + m.getUnknownFields().asMap().keySet());
        }
    }

    private static void requireCanonical(byte[] reencoded, byte[] input, String what)
            throws CapabilitiesFormatException {
        if (!Arrays.equals(reencoded, input)) {
            throw new CapabilitiesFormatException(what + " is not in canonical form (field order, duplicates, "
                    + "defaults, varints or unknown fields)");
        }
    }
}
