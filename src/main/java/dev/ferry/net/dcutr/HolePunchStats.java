package dev.ferry.net.dcutr;

/**
 * What DCUtR did on a host so far.
 *
 * @param initiated  relayed connections this host tried to upgrade (as the side that accepted them)
 * @param succeeded  of those, the ones that got a direct connection
 * @param attempts   hole punches tried as initiator (up to {@link HolePunchConfig#attempts()} per connection)
 * @param answered   hole punches answered as the other side (a peer's CONNECT answered with ours)
 * @param synced     of those, the ones whose SYNC came (then this host dialled the peer)
 */
public record HolePunchStats(long initiated, long succeeded, long attempts, long answered, long synced) {}
