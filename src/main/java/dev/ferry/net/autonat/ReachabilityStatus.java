package dev.ferry.net.autonat;

import dev.ferry.multiformats.Multiaddr;
import java.time.Instant;
import java.util.Optional;

/**
 * What the AutoNAT client believes now.
 *
 * @param reachability  the current verdict
 * @param confidence    0 to {@link AutonatClient#MAX_CONFIDENCE}: how many agreeing answers back it beyond the first
 * @param publicAddress the address the last successful dial-back reached, if any
 * @param lastProbe     when the last server was asked, if ever
 * @param probes        servers asked so far (answered or not)
 */
public record ReachabilityStatus(Reachability reachability, int confidence, Optional<Multiaddr> publicAddress,
        Optional<Instant> lastProbe, long probes) {}
