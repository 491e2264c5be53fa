package dev.ferry.exchange.ferry.proof.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnsafeByteOperations;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.LengthPrefixedFrame;
import dev.ferry.multiformats.Varint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Framing and protobuf translation of {@code /ferry/proof/1.0.0}, and the digest both sides compute. Every length is
 * checked against its cap before anything is allocated; decoders are strict (unknown fields, state 0 or unknown, an
 * unparsable or oversized CID, a nonce that is not 32 bytes, a block count outside 1..16, a digest that is neither 32
 * bytes nor empty, block answers on a state other than PROOF, a message beyond its cap are refused) and throw only
 * {@link ProofFormatException} on bad input. Encoders cannot fail: the records only hold what fits.
 */
public final class ProofWire {
    public static final int NONCE_BYTES = 32;
    public static final int DIGEST_BYTES = 32;
    public static final int MAX_BLOCKS = 16;
    public static final int MAX_CID_BYTES = 256;
    public static final int MAX_MESSAGE_CHARS = 512;
    /** Largest challenge frame body: a root, a nonce and 16 CIDs of 256 bytes take at most 4437 bytes. */
    public static final int MAX_CHALLENGE_BYTES = 8192;
    /** Largest answer frame body: 16 digests (544 bytes) and a message of up to 1536 UTF-8 bytes, 2090 at most. */
    public static final int MAX_ANSWER_BYTES = 4096;

    private ProofWire() {}

    /** SHA-256(nonce ‖ block): what a holder answers for a block it keeps, and what the challenger expects. */
    public static byte[] digest(byte[] nonce, byte[] block) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        sha.update(nonce);
        sha.update(block);
        return sha.digest();
    }

    // ---- framing

    /**
     * Reads one {@code uvarint(length) ‖ body} frame; {@code null} at a clean end of stream before the first byte.
     *
     * @throws ProofFormatException malformed length, a length above {@code maxSize} (refused before allocating), or
     *                              the stream ends inside the frame; other I/O failures of {@code in} as they are
     */
    public static byte[] readFrame(InputStream in, int maxSize) throws IOException {
        return LengthPrefixedFrame.read(in, maxSize, ProofFormatException::new);
    }

    /** Writes {@code uvarint(body.length) ‖ body} (no flush). */
    public static void writeFrame(OutputStream out, byte[] body) throws IOException {
        Varint.write(body.length, out);
        out.write(body);
    }

    /** Reads one framed challenge; {@code null} at a clean end of stream before the first byte. */
    public static ProofChallenge readChallenge(InputStream in) throws IOException {
        byte[] body = readFrame(in, MAX_CHALLENGE_BYTES);
        return body == null ? null : decodeChallenge(body);
    }

    /** Reads one framed answer; {@code null} at a clean end of stream before the first byte. */
    public static ProofAnswer readAnswer(InputStream in) throws IOException {
        byte[] body = readFrame(in, MAX_ANSWER_BYTES);
        return body == null ? null : decodeAnswer(body);
    }

    public static void writeChallenge(OutputStream out, ProofChallenge c) throws IOException {
        writeFrame(out, encodeChallenge(c));
    }

    public static void writeAnswer(OutputStream out, ProofAnswer a) throws IOException {
        writeFrame(out, encodeAnswer(a));
    }

    // ---- challenge

    public static byte[] encodeChallenge(ProofChallenge c) {
        ProofProto.ProofChallenge.Builder b = ProofProto.ProofChallenge.newBuilder()
                .setRoot(UnsafeByteOperations.unsafeWrap(c.root().bytes()))
                .setNonce(UnsafeByteOperations.unsafeWrap(c.nonce()));
        c.blocks().forEach(cid -> b.addBlocks(UnsafeByteOperations.unsafeWrap(cid.bytes())));
        return b.build().toByteArray();
    }

    public static ProofChallenge decodeChallenge(byte[] bytes) throws ProofFormatException {
        if (bytes.length > MAX_CHALLENGE_BYTES) {
            throw new ProofFormatException("challenge of " + bytes.length + " bytes, at most " + MAX_CHALLENGE_BYTES);
        }
        ProofProto.ProofChallenge m;
        try {
            m = ProofProto.ProofChallenge.parseFrom(bytes);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new ProofFormatException("malformed challenge: " + e.getMessage(), e);
        }
        requireNoUnknownFields(m, "challenge");
        if (m.getNonce().size() != NONCE_BYTES) {
            throw new ProofFormatException("nonce of " + m.getNonce().size() + " bytes, not " + NONCE_BYTES);
        }
        if (m.getBlocksCount() == 0 || m.getBlocksCount() > MAX_BLOCKS) {
            throw new ProofFormatException("challenge of " + m.getBlocksCount() + " blocks, not 1-" + MAX_BLOCKS);
        }
        Cid root = cid(m.getRoot(), "root");
        List<Cid> blocks = new ArrayList<>(m.getBlocksCount());
        for (ByteString b : m.getBlocksList()) {
            blocks.add(cid(b, "block"));
        }
        return new ProofChallenge(root, m.getNonce().toByteArray(), blocks);
    }

    // ---- answer

    public static byte[] encodeAnswer(ProofAnswer a) {
        ProofProto.ProofAnswer.Builder b = ProofProto.ProofAnswer.newBuilder()
                .setState(a.state().code())
                .setMessage(a.message());
        for (BlockProof p : a.blocks()) {
            b.addDigests(p.isMissing() ? ByteString.EMPTY : UnsafeByteOperations.unsafeWrap(p.digest()));
        }
        return b.build().toByteArray();
    }

    public static ProofAnswer decodeAnswer(byte[] bytes) throws ProofFormatException {
        if (bytes.length > MAX_ANSWER_BYTES) {
            throw new ProofFormatException("answer of " + bytes.length + " bytes, at most " + MAX_ANSWER_BYTES);
        }
        ProofProto.ProofAnswer m;
        try {
            m = ProofProto.ProofAnswer.parseFrom(bytes);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new ProofFormatException("malformed answer: " + e.getMessage(), e);
        }
        requireNoUnknownFields(m, "answer");
        ProofState state;
        try {
            state = ProofState.ofCode(m.getState());
        } catch (IllegalArgumentException e) {
            throw new ProofFormatException(m.getState() == 0 ? "answer without a state" : e.getMessage());
        }
        if (m.getMessage().length() > MAX_MESSAGE_CHARS) {
            throw new ProofFormatException("message of " + m.getMessage().length() + " chars, at most "
                    + MAX_MESSAGE_CHARS);
        }
        int n = m.getDigestsCount();
        if (state == ProofState.PROOF && (n == 0 || n > MAX_BLOCKS)) {
            throw new ProofFormatException("proof of " + n + " blocks, not 1-" + MAX_BLOCKS);
        }
        if (state != ProofState.PROOF && n != 0) {
            throw new ProofFormatException(state + " answer with " + n + " block digests");
        }
        List<BlockProof> blocks = new ArrayList<>(n);
        for (ByteString d : m.getDigestsList()) {
            if (d.isEmpty()) {
                blocks.add(BlockProof.missing());
            } else if (d.size() == DIGEST_BYTES) {
                blocks.add(BlockProof.of(d.toByteArray()));
            } else {
                throw new ProofFormatException("block digest of " + d.size() + " bytes, not " + DIGEST_BYTES
                        + " (or empty for missing)");
            }
        }
        return new ProofAnswer(state, m.getMessage(), blocks);
    }

    // ---- helpers

    private static Cid cid(ByteString b, String what) throws ProofFormatException {
        if (b.size() > MAX_CID_BYTES) {
            throw new ProofFormatException(what + " CID of " + b.size() + " bytes, at most " + MAX_CID_BYTES);
        }
        if (b.isEmpty()) {
            throw new ProofFormatException("challenge without a " + what);
        }
        try {
            return Cid.decode(b.toByteArray());
        } catch (RuntimeException e) {
            throw new ProofFormatException("malformed " + what + " CID: " + e.getMessage(), e);
        }
    }

    // protobuf-java keeps unknown fields; a strict decoder refuses them
    private static void requireNoUnknownFields(Message m, String what) throws ProofFormatException {
        if (!m.getUnknownFields().asMap().isEmpty()) {
            throw new ProofFormatException(what + " has unknown fields " + m.getUnknownFields().asMap().keySet());
        }
    }
}
