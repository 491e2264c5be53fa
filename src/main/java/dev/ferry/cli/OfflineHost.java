package dev.ferry.cli;

import dev.ferry.identity.Identity;
import dev.ferry.multiformats.IpCidr;
import dev.ferry.net.host.HostConfig;
import dev.ferry.node.Hosts;
import dev.ferry.node.SwarmSettings;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.SwarmKeyFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The short-lived host of a command that reaches a peer without a daemon ({@code ping}, {@code id PEER}): it joins
 * the repository's private network, keeps to its {@code Swarm.AddrFilters} and dials with the transports and security
 * protocols of its {@code Swarm.Transports}, in their order, as the daemon's host would, so that a command never dials
 * what the node's owner filtered out or turned off. Without a repository: the public network, no filters, ferry's
 * default transports.
 */
final class OfflineHost {
    private OfflineHost() {}

    static Hosts.Services create(Path repoDir, Identity self, HostConfig base, Map<String, String> env) {
        // the config is read first: a bad filter or transport setting fails the command before any host starts
        List<IpCidr> filters = List.of();
        HostConfig cfg = base;
        if (Repo.isInitialized(repoDir)) {
            RepoConfig config = Repo.readConfig(repoDir);
            filters = SwarmSettings.addrFilters(config);
            cfg = SwarmSettings.transports(config, cfg);
        }
        cfg = cfg.withPrivateNetwork(SwarmKeyFile.forHost(repoDir, env).orElse(null));
        Hosts.Services services = Hosts.create(self, cfg);
        services.host().addrFilters().add(filters);
        return services;
    }
}
