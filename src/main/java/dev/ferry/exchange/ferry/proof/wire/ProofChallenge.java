package dev.ferry.exchange.ferry.proof.wire;

import dev.ferry.multiformats.Cid;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One storage challenge: prove that you keep {@code blocks} of the DAG under {@code root} by hashing each with
 * {@code nonce}.
 *
 * @param nonce  exactly {@value ProofWire#NONCE_BYTES} bytes, fresh for every challenge (copied in and out)
 * @param blocks 1 to {@value ProofWire#MAX_BLOCKS} CIDs (repeats allowed: the answer is per position)
 * @throws IllegalArgumentException a nonce of another size, a block count outside 1..16, or a CID whose binary form
 *                                  is above {@value ProofWire#MAX_CID_BYTES} bytes
 */
public record ProofChallenge(Cid root, byte[] nonce, List<Cid> blocks) {
    public ProofChallenge {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(nonce, "nonce");
        blocks = List.copyOf(blocks);
        if (nonce.length != ProofWire.NONCE_BYTES) {
            throw new IllegalArgumentException("a nonce is " + ProofWire.NONCE_BYTES + " bytes, not " + nonce.length);
        }
        nonce = nonce.clone();
        if (blocks.isEmpty() || blocks.size() > ProofWire.MAX_BLOCKS) {
            throw new IllegalArgumentException("a challenge names 1-" + ProofWire.MAX_BLOCKS + " blocks, not "
                    + blocks.size());
        }
        checkSize(root, "root");
        blocks.forEach(b -> checkSize(b, "block"));
    }

    private static void checkSize(Cid c, String what) {
        if (c.encodedLength() > ProofWire.MAX_CID_BYTES) {
            throw new IllegalArgumentException(what + " CID of " + c.encodedLength() + " bytes, at most "
                    + ProofWire.MAX_CID_BYTES);
        }
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProofChallenge c && root.equals(c.root) && Arrays.equals(nonce, c.nonce)
                && blocks.equals(c.blocks);
    }

    @Override
    public int hashCode() {
        return Objects.hash(root, Arrays.hashCode(nonce), blocks);
    }

    @Override
    public String toString() {
        return "ProofChallenge[root=" + root + ", nonce=" + HexFormat.of().formatHex(nonce) + ", blocks=" + blocks
                + "]";
    }
}
