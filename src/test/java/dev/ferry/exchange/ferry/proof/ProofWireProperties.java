package dev.ferry.exchange.ferry.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.ferry.exchange.ferry.proof.wire.BlockProof;
import dev.ferry.exchange.ferry.proof.wire.ProofAnswer;
import dev.ferry.exchange.ferry.proof.wire.ProofChallenge;
import dev.ferry.exchange.ferry.proof.wire.ProofFormatException;
import dev.ferry.exchange.ferry.proof.wire.ProofProto;
import dev.ferry.exchange.ferry.proof.wire.ProofState;
import dev.ferry.exchange.ferry.proof.wire.ProofWire;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.multiformats.Varint;
import dev.ferry.store.Block;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Round trips, caps, and arbitrary bytes never make a decoder throw anything but ProofFormatException. */
class ProofWireProperties {

    private static Cid cid(byte[] content, int kind) {
        return switch (kind) {
            case 0 -> Block.raw(content).cid();
            case 1 -> Block.create(0, Multicodec.DAG_PB.code(), content).cid();
            default -> Block.create(1, Multicodec.DAG_CBOR.code(), content).cid();
        };
    }

    @Property(tries = 300)
    void challengesRoundTrip(@ForAll @Size(value = 32) byte[] nonce,
            @ForAll @Size(min = 1, max = 16) List<@Size(max = 40) byte[]> contents,
            @ForAll @IntRange(min = 0, max = 2) int kind) throws Exception {
        List<Cid> blocks = contents.stream().map(c -> cid(c, kind)).toList();
        ProofChallenge c = new ProofChallenge(cid(nonce, 1), nonce, blocks);
        byte[] enc = ProofWire.encodeChallenge(c);
        assertThat(enc.length).isLessThanOrEqualTo(ProofWire.MAX_CHALLENGE_BYTES);
        assertThat(ProofWire.decodeChallenge(enc)).isEqualTo(c);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProofWire.writeChallenge(out, c);
        assertThat(ProofWire.readChallenge(new ByteArrayInputStream(out.toByteArray()))).isEqualTo(c);
    }

    @Property(tries = 300)
    void answersRoundTrip(@ForAll ProofState state, @ForAll @StringLength(max = 512) String message,
            @ForAll @Size(min = 1, max = 16) List<@Size(value = 32) byte[]> digests,
            @ForAll @Size(min = 16, max = 16) List<Boolean> missing) throws Exception {
        List<BlockProof> blocks = new ArrayList<>();
        for (int i = 0; i < digests.size(); i++) {
            blocks.add(missing.get(i) ? BlockProof.missing() : BlockProof.of(digests.get(i)));
        }
        ProofAnswer a = new ProofAnswer(state, message, state == ProofState.PROOF ? blocks : List.of());
        byte[] enc = ProofWire.encodeAnswer(a);
        assertThat(enc.length).isLessThanOrEqualTo(ProofWire.MAX_ANSWER_BYTES);
        assertThat(ProofWire.decodeAnswer(enc)).isEqualTo(a);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProofWire.writeAnswer(out, a);
        assertThat(ProofWire.readAnswer(new ByteArrayInputStream(out.toByteArray()))).isEqualTo(a);
    }

    /** The largest valid messages stay under their frame caps. */
    @Property(tries = 20)
    void theLargestValidMessagesFitTheirCaps(@ForAll @Size(value = 32) byte[] nonce) throws Exception {
        Cid wide = Cid.decode(identityCid(new byte[128])); // the longest digest a multihash may carry
        ProofChallenge c = new ProofChallenge(wide, nonce, java.util.Collections.nCopies(16, wide));
        assertThat(ProofWire.encodeChallenge(c).length).isLessThanOrEqualTo(ProofWire.MAX_CHALLENGE_BYTES);
        assertThat(ProofWire.decodeChallenge(ProofWire.encodeChallenge(c))).isEqualTo(c);
        ProofAnswer a = new ProofAnswer(ProofState.PROOF, "\uffff".repeat(512),
                java.util.Collections.nCopies(16, BlockProof.of(nonce)));
        assertThat(ProofWire.encodeAnswer(a).length).isLessThanOrEqualTo(ProofWire.MAX_ANSWER_BYTES);
        assertThat(ProofWire.decodeAnswer(ProofWire.encodeAnswer(a))).isEqualTo(a);
    }

    /** Counts, nonce and digest sizes, and state/digest mismatches are refused by the decoder, not accepted. */
    @Property(tries = 200)
    void capsAreEnforced(@ForAll @IntRange(min = 17, max = 40) int tooMany, @ForAll @IntRange(min = 0, max = 64)
            int nonceSize, @ForAll @IntRange(min = 1, max = 64) int digestSize) {
        ByteString root = ByteString.copyFrom(Block.raw(new byte[] {1}).cid().bytes());
        ByteString nonce32 = ByteString.copyFrom(new byte[32]);
        ProofProto.ProofChallenge.Builder many = ProofProto.ProofChallenge.newBuilder().setRoot(root).setNonce(nonce32);
        for (int i = 0; i < tooMany; i++) {
            many.addBlocks(root);
        }
        assertThatThrownBy(() -> ProofWire.decodeChallenge(many.build().toByteArray()))
                .isInstanceOf(ProofFormatException.class).hasMessageContaining("blocks");
        assertThatThrownBy(() -> ProofWire.decodeChallenge(ProofProto.ProofChallenge.newBuilder().setRoot(root)
                .setNonce(nonce32).build().toByteArray())).isInstanceOf(ProofFormatException.class);
        if (nonceSize != 32) {
            assertThatThrownBy(() -> ProofWire.decodeChallenge(ProofProto.ProofChallenge.newBuilder().setRoot(root)
                    .setNonce(ByteString.copyFrom(new byte[nonceSize])).addBlocks(root).build().toByteArray()))
                    .isInstanceOf(ProofFormatException.class).hasMessageContaining("nonce");
        }
        if (digestSize != 32) {
            assertThatThrownBy(() -> ProofWire.decodeAnswer(ProofProto.ProofAnswer.newBuilder().setState(1)
                    .addDigests(ByteString.copyFrom(new byte[digestSize])).build().toByteArray()))
                    .isInstanceOf(ProofFormatException.class).hasMessageContaining("digest");
        }
        ProofProto.ProofAnswer.Builder manyDigests = ProofProto.ProofAnswer.newBuilder().setState(1);
        for (int i = 0; i < tooMany; i++) {
            manyDigests.addDigests(ByteString.EMPTY);
        }
        assertThatThrownBy(() -> ProofWire.decodeAnswer(manyDigests.build().toByteArray()))
                .isInstanceOf(ProofFormatException.class);
        assertThatThrownBy(() -> ProofWire.decodeAnswer(ProofProto.ProofAnswer.newBuilder().setState(1).build()
                .toByteArray())).isInstanceOf(ProofFormatException.class); // a proof of nothing
        assertThatThrownBy(() -> ProofWire.decodeAnswer(ProofProto.ProofAnswer.newBuilder().setState(2)
                .addDigests(ByteString.EMPTY).build().toByteArray())).isInstanceOf(ProofFormatException.class);
        assertThatThrownBy(() -> ProofWire.decodeAnswer(new byte[ProofWire.MAX_ANSWER_BYTES + 1]))
                .isInstanceOf(ProofFormatException.class);
        assertThatThrownBy(() -> ProofWire.decodeChallenge(new byte[ProofWire.MAX_CHALLENGE_BYTES + 1]))
                .isInstanceOf(ProofFormatException.class);
    }

    @Property(tries = 1000)
    void arbitraryBytesOnlyFailAsDeclared(@ForAll @Size(max = 300) byte[] bytes) {
        expectOnlyFormatErrors(() -> ProofWire.decodeChallenge(bytes));
        expectOnlyFormatErrors(() -> ProofWire.decodeAnswer(bytes));
        expectOnlyFormatErrors(() -> ProofWire.readChallenge(new ByteArrayInputStream(bytes)));
        expectOnlyFormatErrors(() -> ProofWire.readAnswer(new ByteArrayInputStream(bytes)));
        expectOnlyFormatErrors(() -> {
            byte[] body = ProofWire.readFrame(new ByteArrayInputStream(bytes), 64);
            assertThat(body == null || body.length <= 64).isTrue();
            return body;
        });
    }

    /** Valid messages with a few bytes flipped: still only the declared exception. */
    @Property(tries = 500)
    void mutatedMessagesOnlyFailAsDeclared(@ForAll @Size(value = 32) byte[] nonce,
            @ForAll @Size(max = 64) byte[] content, @ForAll @StringLength(max = 40) String message,
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 10_000) Integer> positions,
            @ForAll byte xor) {
        List<byte[]> valid = new ArrayList<>();
        valid.add(ProofWire.encodeChallenge(new ProofChallenge(Block.raw(content).cid(), nonce,
                List.of(Block.raw(nonce).cid(), Block.raw(content).cid()))));
        valid.add(ProofWire.encodeAnswer(ProofAnswer.proof(List.of(BlockProof.of(nonce), BlockProof.missing()))));
        valid.add(ProofWire.encodeAnswer(ProofAnswer.of(ProofState.REFUSED, message)));
        for (byte[] v : valid) {
            byte[] m = v.clone();
            for (int p : positions) {
                m[p % m.length] ^= (byte) (xor == 0 ? 1 : xor);
            }
            expectOnlyFormatErrors(() -> ProofWire.decodeChallenge(m));
            expectOnlyFormatErrors(() -> ProofWire.decodeAnswer(m));
        }
    }

    /** A declared length above the cap is refused after the length prefix: the body is neither read nor allocated. */
    @Property(tries = 200)
    void anOversizeDeclaredLengthIsRefusedBeforeAllocation(
            @ForAll @LongRange(min = ProofWire.MAX_ANSWER_BYTES + 1, max = Long.MAX_VALUE) long declared,
            @ForAll boolean answer) {
        long len = answer ? declared : Math.max(declared, ProofWire.MAX_CHALLENGE_BYTES + 1L);
        byte[] prefix = Varint.encode(len);
        int[] read = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return read[0] < prefix.length ? prefix[read[0]++] & 0xff : (read[0]++ & 0) + 0x41;
            }
        };
        assertThatThrownBy(() -> {
            if (answer) {
                ProofWire.readAnswer(endless);
            } else {
                ProofWire.readChallenge(endless);
            }
        }).isInstanceOf(ProofFormatException.class);
        assertThat(read[0]).isEqualTo(prefix.length);
    }

    /** The records refuse what the wire could not carry. */
    @Property(tries = 50)
    void recordsRefuseWhatDoesNotFit(@ForAll @IntRange(min = 0, max = 64) int nonceSize) {
        Cid c = Block.raw(new byte[] {2}).cid();
        if (nonceSize != 32) {
            assertThatThrownBy(() -> new ProofChallenge(c, new byte[nonceSize], List.of(c)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new ProofChallenge(c, new byte[32], List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProofChallenge(c, new byte[32], java.util.Collections.nCopies(17, c)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProofAnswer(ProofState.BUSY, "", List.of(BlockProof.missing())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProofAnswer.proof(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    static byte[] identityCid(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x01, 0x55, 0x00});
        out.writeBytes(Varint.encode(content.length));
        out.writeBytes(content);
        return out.toByteArray();
    }

    interface Decode {
        Object run() throws IOException;
    }

    static void expectOnlyFormatErrors(Decode d) {
        try {
            d.run();
        } catch (ProofFormatException e) {
            // declared
        } catch (Throwable t) {
            throw new AssertionError("undeclared " + t, t);
        }
    }
}
