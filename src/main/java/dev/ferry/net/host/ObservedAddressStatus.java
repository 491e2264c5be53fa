package dev.ferry.net.host;

/**
 * Where an observed address stands: whether the host announces it, and why. Observer groups make an address a
 * candidate ({@link ObservedAddresses#CANDIDATE_THRESHOLD}) and confirm it ({@link ObservedAddresses#ACTIVATION_THRESHOLD});
 * an AutoNAT v2 verdict announces a candidate early (reachable) or withdraws any of them (unreachable).
 */
public enum ObservedAddressStatus {
    /** Too few observer groups to mean anything yet. */
    OBSERVED("observed", false),
    /** Enough groups to be worth checking; not announced until AutoNAT v2 finds it reachable or more groups agree. */
    CANDIDATE("candidate", false),
    /** Enough groups agree, and AutoNAT v2 has not found it unreachable: announced. */
    CONFIRMED("confirmed", true),
    /** A candidate AutoNAT v2 found reachable: announced before enough groups confirm it. */
    REACHABLE("reachable", true),
    /** AutoNAT v2 found it unreachable: not announced, however many groups saw it. */
    UNREACHABLE("unreachable", false),
    /** Would be announced, but the most that one local address may have are already. */
    OVER_LIMIT("over-limit", false);

    private final String label;
    private final boolean announced;

    ObservedAddressStatus(String label, boolean announced) {
        this.label = label;
        this.announced = announced;
    }

    /** A short lower-case name for JSON ({@code confirmed}, {@code over-limit}, …). */
    public String label() {
        return label;
    }

    /** Whether an address in this state is announced. */
    public boolean announced() {
        return announced;
    }

    /** Why it is announced or not, for people; empty for {@link #OBSERVED}. */
    public String reason(int observers) {
        return switch (this) {
            case OBSERVED -> "";
            case CANDIDATE -> "checking (AutoNAT v2)";
            case CONFIRMED -> "confirmed by " + observers + (observers == 1 ? " observer" : " observers");
            case REACHABLE -> "reachable (AutoNAT v2)";
            case UNREACHABLE -> "dropped: unreachable (AutoNAT v2)";
            case OVER_LIMIT -> "over the limit of " + ObservedAddresses.MAX_CONFIRMED_PER_LOCAL
                    + " per local address";
        };
    }
}
