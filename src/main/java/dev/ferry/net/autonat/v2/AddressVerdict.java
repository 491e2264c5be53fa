package dev.ferry.net.autonat.v2;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.autonat.Reachability;
import java.time.Instant;
import java.util.Optional;

/**
 * What the AutoNAT v2 client believes of one of its addresses.
 *
 * @param address      the address
 * @param reachability PUBLIC or PRIVATE once the recent results lean that way by {@link AddressOutcomes#MIN_CONFIDENCE},
 *                     else UNKNOWN
 * @param successes    dial-backs that reached it among the recent results
 * @param failures     dial-backs that failed among the recent results
 * @param refusals     servers in a row that would not dial it
 * @param lastResult   when the last result came, if ever
 */
public record AddressVerdict(Multiaddr address, Reachability reachability, int successes, int failures, int refusals,
        Optional<Instant> lastResult) {

    /** How far the results lean one way: |successes − failures|. */
    public int confidence() {
        return Math.abs(successes - failures);
    }
}
