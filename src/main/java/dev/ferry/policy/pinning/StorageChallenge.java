package dev.ferry.policy.pinning;

import dev.ferry.dag.walk.LinkDecodeException;
import dev.ferry.exchange.ferry.proof.ProofProtocolException;
import dev.ferry.exchange.ferry.proof.wire.BlockProof;
import dev.ferry.exchange.ferry.proof.wire.ProofAnswer;
import dev.ferry.exchange.ferry.proof.wire.ProofChallenge;
import dev.ferry.exchange.ferry.proof.wire.ProofWire;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.BlockException;
import dev.ferry.store.Blockstore;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One storage challenge of one peer for a root this node has whole, over {@code /ferry/proof/1.0.0}: blocks sampled
 * uniformly from the local copy ({@link DagSample}), a fresh random nonce, and the answer judged against the digests
 * of the local blocks. Pinning policies challenge their holders with it, swarm replication the members it hands a
 * root over to.
 */
public final class StorageChallenge {
    private StorageChallenge() {}

    /** Sends one challenge to the peer and returns its answer. */
    @FunctionalInterface
    public interface Challenger {
        /**
         * @throws ProofProtocolException the peer does not speak {@code /ferry/proof/1.0.0}
         * @throws SocketTimeoutException no answer within {@code timeout}
         * @throws IOException the stream failed or the answer was malformed
         */
        ProofAnswer challenge(ProofChallenge challenge, Duration timeout) throws IOException;
    }

    /** What one challenge came to. */
    public sealed interface Result {
        /** Every digest right. */
        record Proven() implements Result {}

        /** The answer shows the peer does not keep the DAG: a block missing, a digest wrong, the root not held. */
        record Disproven(String reason) implements Result {}

        /** No proof this time: no answer in time, a stream error, a refusal, a proof of the wrong length. */
        record NoProof(String reason) implements Result {}

        /** The peer is at its rate limit: nothing is known either way. */
        record Busy() implements Result {}

        /** The peer does not speak the proof protocol (a ferry from before it). */
        record Unsupported() implements Result {}

        /** This node cannot read its own copy of the DAG, so there is nothing to compare with. */
        record Unreadable(String reason) implements Result {}
    }

    /**
     * Challenges a peer for {@code root} with {@code blocks} blocks sampled from {@code local} (never fetched into),
     * giving it {@code timeout} to answer.
     */
    public static Result run(Blockstore local, Cid root, int blocks, Duration timeout, RandomGenerator random,
            Challenger peer) {
        List<Block> sample;
        try {
            sample = DagSample.of(local, root, blocks, random);
        } catch (BlockException | LinkDecodeException e) {
            return new Result.Unreadable(e.getMessage());
        }
        byte[] nonce = new byte[ProofWire.NONCE_BYTES];
        random.nextBytes(nonce);
        ProofChallenge challenge = new ProofChallenge(root, nonce, sample.stream().map(Block::cid).toList());
        ProofAnswer answer;
        try {
            answer = peer.challenge(challenge, timeout);
        } catch (ProofProtocolException e) {
            return new Result.Unsupported();
        } catch (SocketTimeoutException e) {
            return new Result.NoProof("no answer within " + timeout.toMillis() + " ms");
        } catch (IOException | RuntimeException e) {
            return new Result.NoProof("stream error: " + e.getMessage());
        }
        return switch (answer.state()) {
            case PROOF -> judge(nonce, sample, answer);
            case NOT_HELD -> new Result.Disproven(root + " not held");
            case BUSY -> new Result.Busy();
            case REFUSED, BAD_REQUEST -> new Result.NoProof("answered " + answer.state()
                    + (answer.message().isEmpty() ? "" : ": " + answer.message()));
        };
    }

    private static Result judge(byte[] nonce, List<Block> sample, ProofAnswer answer) {
        if (answer.blocks().size() != sample.size()) {
            return new Result.NoProof("a proof of " + answer.blocks().size() + " blocks for " + sample.size());
        }
        for (int i = 0; i < sample.size(); i++) {
            BlockProof p = answer.blocks().get(i);
            Block b = sample.get(i);
            if (p.isMissing()) {
                return new Result.Disproven("block " + b.cid() + " missing");
            }
            if (!MessageDigest.isEqual(p.digest(), ProofWire.digest(nonce, b.data()))) {
                return new Result.Disproven("wrong digest for block " + b.cid());
            }
        }
        return new Result.Proven();
    }
}
