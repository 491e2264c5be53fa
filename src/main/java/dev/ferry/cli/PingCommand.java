package dev.ferry.cli;

import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.MultiformatException;
import dev.ferry.net.host.HostConfig;
import dev.ferry.node.Hosts;
import dev.ferry.node.repo.IdentityFile;
import dev.ferry.node.repo.Repo;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry ping ADDRESS [-n N]}: pings a peer over libp2p's ping protocol and prints each round trip, as
 * {@code ipfs ping} does. Needs no daemon: it starts a short-lived host (with the repository's identity when there
 * is one, else a fresh one).
 */
@Command(name = "ping", mixinStandardHelpOptions = true, description = "Measure the round trip to a peer.")
final class PingCommand implements Callable<Integer> {
    private final FerryCli.CliEnv env;

    @Mixin
    RepoOptions repo;

    @Parameters(paramLabel = "ADDRESS", description = "The peer's multiaddr, ending in /p2p/<peer id>.")
    String address;

    @Option(names = {"-n", "--count"}, defaultValue = "10", description = "Number of pings (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--timeout", defaultValue = "10s", description = "Time allowed to connect (default ${DEFAULT-VALUE}).")
    String timeout;

    PingCommand(FerryCli.CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        if (count < 1) {
            throw new IllegalArgumentException("--count must be at least 1");
        }
        var daemon = DaemonClient.find(repo.resolve(env), env);
        if (daemon.isPresent()) {
            return viaDaemon(daemon.get());
        }
        Multiaddr addr;
        try {
            addr = Multiaddr.parse(address);
        } catch (MultiformatException e) {
            throw new IllegalArgumentException("invalid multiaddr '" + address + "': " + e.getMessage());
        }
        PeerId target = PeerId.parse(addr.lastValueOf("p2p")
                .orElseThrow(() -> new IllegalArgumentException("the address must end in /p2p/<peer id>: " + address)));
        var dir = repo.resolve(env);
        Identity self = Repo.isInitialized(dir) ? IdentityFile.load(dir) : Identity.generate(new SecureRandom());
        HostConfig cfg = HostConfig.defaults().withUpgradeTimeout(dev.ferry.node.Durations.parse(timeout));
        try (Hosts.Services s = OfflineHost.create(dir, self, cfg, env.env())) {
            env.out().println("PING " + target + " (" + addr.decapsulate("p2p") + ")");
            env.out().flush();
            try {
                s.host().connect(addr);
            } catch (IOException e) {
                throw new IOException("ping failed: cannot connect to " + target + ": " + e.getMessage(), e);
            }
            long totalNanos = 0;
            for (int i = 0; i < count; i++) {
                Duration rtt = s.ping().ping(target);
                totalNanos += rtt.toNanos();
                env.out().printf(Locale.ROOT, "Pong received: time=%.2f ms%n", rtt.toNanos() / 1e6);
                env.out().flush();
            }
            env.out().printf(Locale.ROOT, "Average latency: %.2fms%n", totalNanos / 1e6 / count);
        }
        return 0;
    }

    /** With a daemon running, its host pings (ADDRESS may then be a bare peer id it knows). */
    private int viaDaemon(DaemonClient daemon) throws IOException {
        env.out().println("PING " + address);
        env.out().flush();
        long total = 0;
        int ok = 0;
        try (var in = daemon.stream("ping", java.util.List.of(address), java.util.Map.of("count", Integer.toString(count)));
                var lines = new java.io.BufferedReader(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                var json = dev.ferry.node.repo.JsonTree.read(line);
                if (json.path("Success").asBoolean()) {
                    long nanos = json.path("Time").asLong();
                    total += nanos;
                    ok++;
                    env.out().printf(Locale.ROOT, "Pong received: time=%.2f ms%n", nanos / 1e6);
                } else {
                    env.out().println(json.path("Text").asText());
                }
                env.out().flush();
            }
        }
        if (ok == 0) {
            throw new IOException("ping failed: no answer from " + address);
        }
        env.out().printf(Locale.ROOT, "Average latency: %.2fms%n", total / 1e6 / ok);
        return 0;
    }
}
