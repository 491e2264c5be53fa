package dev.ferry.node;

import dev.ferry.node.repo.RepoConfig;

/**
 * When a node finds relays by itself (Kubo's AutoRelay): only with the relay client on and no
 * {@code Swarm.RelayClient.StaticRelays} (static relays are the only ones used then). With
 * {@code Swarm.RelayClient.Enabled} true it runs from the start (useful in a closed network, where AutoNAT never says
 * private); unset, while AutoNAT finds the node private, as go-libp2p.
 */
public enum AutoRelaySettings {
    OFF, WHEN_PRIVATE, ALWAYS;

    public static AutoRelaySettings of(RepoConfig cfg) {
        RelaySettings.Values relay = RelaySettings.of(cfg);
        if (!relay.client() || !relay.staticRelays().isEmpty()) {
            return OFF;
        }
        return RelaySettings.flag(cfg, "Swarm.RelayClient.Enabled").orElse(false) ? ALWAYS : WHEN_PRIVATE;
    }
}
