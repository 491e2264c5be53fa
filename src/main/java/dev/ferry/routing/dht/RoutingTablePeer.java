package dev.ferry.routing.dht;

import dev.ferry.identity.PeerId;
import java.time.Instant;
import java.util.Optional;

/**
 * A peer of the routing table as {@code stats dht} shows it: when it last answered one of our queries, and when an
 * answer of it last brought something (closer peers, providers or a record). Empty when it never has.
 */
public record RoutingTablePeer(PeerId peer, Optional<Instant> lastUseful, Optional<Instant> lastQueried) {}
