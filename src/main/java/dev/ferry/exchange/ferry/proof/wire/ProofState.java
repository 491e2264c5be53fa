package dev.ferry.exchange.ferry.proof.wire;

/** The state a proof answer reports. Wire codes frozen; 0 is not a state. */
public enum ProofState {
    /** The answer carries one digest (or "missing") per challenged block. */
    PROOF(1),
    /** The holder keeps no complete copy of the root for this challenger. */
    NOT_HELD(2),
    /** The holder will not answer (private content, no did:key). */
    REFUSED(3),
    /** The challenge was malformed. */
    BAD_REQUEST(4),
    /** Too many challenges from this peer or in total; try again later. */
    BUSY(5);

    private final int code;

    ProofState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** @throws IllegalArgumentException for 0 and unknown codes */
    public static ProofState ofCode(int code) {
        for (ProofState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown proof state " + Integer.toUnsignedString(code));
    }
}
