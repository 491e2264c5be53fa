package dev.ferry.exchange.ferry.proof.wire;

import java.util.List;
import java.util.Objects;

/**
 * One answer to a challenge.
 *
 * @param message human-readable detail, never null, may be empty, at most {@value ProofWire#MAX_MESSAGE_CHARS}
 *                UTF-16 chars
 * @param blocks  for {@link ProofState#PROOF}: 1 to {@value ProofWire#MAX_BLOCKS} entries, one per challenged block
 *                in the challenge's order; empty for every other state
 * @throws IllegalArgumentException a longer message, or block entries that do not fit the state (nothing is cut)
 */
public record ProofAnswer(ProofState state, String message, List<BlockProof> blocks) {
    public ProofAnswer {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(message, "message");
        blocks = List.copyOf(blocks);
        if (message.length() > ProofWire.MAX_MESSAGE_CHARS) {
            throw new IllegalArgumentException("message of " + message.length() + " chars, at most "
                    + ProofWire.MAX_MESSAGE_CHARS);
        }
        if (state == ProofState.PROOF && (blocks.isEmpty() || blocks.size() > ProofWire.MAX_BLOCKS)) {
            throw new IllegalArgumentException("a proof answers 1-" + ProofWire.MAX_BLOCKS + " blocks, not "
                    + blocks.size());
        }
        if (state != ProofState.PROOF && !blocks.isEmpty()) {
            throw new IllegalArgumentException("only a proof carries block answers, not " + state);
        }
    }

    /** A proof: one entry per challenged block. */
    public static ProofAnswer proof(List<BlockProof> blocks) {
        return new ProofAnswer(ProofState.PROOF, "", blocks);
    }

    /** A state other than PROOF, with a message cut to fit ({@code ""} for null). */
    public static ProofAnswer of(ProofState state, String message) {
        return new ProofAnswer(state, fitting(message), List.of());
    }

    /** {@code message} cut to the {@value ProofWire#MAX_MESSAGE_CHARS} characters an answer carries. */
    public static String fitting(String message) {
        if (message == null) {
            return "";
        }
        return message.length() <= ProofWire.MAX_MESSAGE_CHARS ? message
                : message.substring(0, ProofWire.MAX_MESSAGE_CHARS - 1) + "…";
    }
}
