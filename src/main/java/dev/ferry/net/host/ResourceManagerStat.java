package dev.ferry.net.host;

import dev.ferry.identity.PeerId;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A view of the {@link ResourceManager}: the system and transient scopes, and each protocol and peer scope that holds
 * anything, sorted by name.
 */
public record ResourceManagerStat(ResourceScopeStat system, ResourceScopeStat transientScope,
        Map<String, ResourceScopeStat> protocols, Map<PeerId, ResourceScopeStat> peers) {

    public ResourceManagerStat {
        protocols = Collections.unmodifiableMap(new TreeMap<>(protocols));
        TreeMap<PeerId, ResourceScopeStat> sorted = new TreeMap<>(Comparator.comparing(PeerId::toString));
        sorted.putAll(peers);
        peers = Collections.unmodifiableMap(sorted);
    }
}
