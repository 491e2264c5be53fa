package dev.ferry.node;

import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import java.util.Optional;

/**
 * Kubo's {@code Swarm.EnableHolePunching}: DCUtR upgrades relayed connections to direct ones. On by default; it needs
 * the relay client (there is no relayed connection without it), so with {@code Swarm.RelayClient.Enabled} false it is
 * off when unset and a config error when set to true (a setting that cannot be honoured is not ignored silently).
 */
public final class HolePunchSettings {
    private HolePunchSettings() {}

    /** Whether DCUtR runs on a node of this config. */
    public static boolean enabled(RepoConfig cfg) {
        Optional<Boolean> flag = RelaySettings.flag(cfg, "Swarm.EnableHolePunching");
        boolean client = RelaySettings.flag(cfg, "Swarm.RelayClient.Enabled").orElse(true);
        if (flag.orElse(false) && !client) {
            throw new RepoException("config Swarm.EnableHolePunching needs Swarm.RelayClient.Enabled: hole punching"
                    + " upgrades relayed connections, which only the relay client makes");
        }
        return flag.orElse(true) && client;
    }
}
