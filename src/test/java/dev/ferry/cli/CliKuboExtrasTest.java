package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.rpc.BootstrapRpc;
import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.identity.Identity;
import dev.ferry.testing.CliRun;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry bitswap}, {@code bootstrap}, {@code swarm addrs}, {@code repo version} and {@code stats repo}: the
 * same output on a repository and through a daemon where a repository is enough, a clear error without a daemon
 * where it is not, and Kubo's text for what two daemons on 127.0.0.1 exchanged.
 */
@Timeout(150)
class CliKuboExtrasTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path tmp;

    private static String ok(CliRun cli, String... args) {
        CliRun.Result r = cli.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r).isZero();
        return r.stdout();
    }

    private static String fails(CliRun cli, String... args) {
        CliRun.Result r = cli.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r).isEqualTo(1);
        assertThat(r.stderr()).startsWith("Error: ").hasLineCount(1);
        return r.stderr();
    }

    /** The bootstrap list edited every way, and the repository's version, as one transcript. */
    private static List<String> scenario(CliRun cli, String p1, String p2) {
        String a1 = "/ip4/127.0.0.1/tcp/1/p2p/" + p1;
        String a1b = "/ip4/127.0.0.1/udp/1/quic-v1/p2p/" + p1;
        String a2 = "/ip4/127.0.0.1/tcp/1/p2p/" + p2;
        List<String> out = new ArrayList<>();
        out.add(ok(cli, "repo", "version"));
        out.add(ok(cli, "repo", "version", "-q"));
        assertThat(ok(cli, "stats", "repo")).isEqualTo(ok(cli, "repo", "stat"));
        out.add(ok(cli, "bootstrap"));
        out.add(ok(cli, "bootstrap", "add", a2, a1));
        out.add(ok(cli, "bootstrap", "add", a2, a1b));
        out.add(ok(cli, "bootstrap", "list"));
        out.add(ok(cli, "bootstrap"));
        out.add(fails(cli, "bootstrap", "add", "/ip4/127.0.0.1/tcp/1"));
        out.add(fails(cli, "bootstrap", "add", "/p2p/" + p1));
        out.add(fails(cli, "bootstrap", "add"));
        out.add(fails(cli, "bootstrap", "rm"));
        out.add(fails(cli, "bootstrap", "rm", "--all", a1));
        out.add(fails(cli, "bootstrap", "rm", "not-an-address"));
        out.add(ok(cli, "bootstrap", "list"));
        out.add(ok(cli, "bootstrap", "rm", a2));
        out.add(ok(cli, "bootstrap", "rm", "/p2p/" + p1));
        out.add(ok(cli, "bootstrap", "add", "--default"));
        out.add(ok(cli, "bootstrap", "add", "default"));
        out.add(ok(cli, "bootstrap", "add", a1));
        out.add(ok(cli, "bootstrap", "rm", "all"));
        out.add(ok(cli, "bootstrap", "list"));
        return out;
    }

    @Test
    void theSameOnARepoAndThroughADaemon() throws Exception {
        String p1 = Identity.generate(RANDOM).peerId().toString();
        String p2 = Identity.generate(RANDOM).peerId().toString();
        List<String> onRepo = scenario(DaemonFixture.init(tmp, "repo"), p1, p2);
        Running d = DaemonFixture.start(tmp, "d", new byte[0]);
        List<String> viaDaemon = scenario(d.cli(), p1, p2);
        assertThat(d.cli().run("shutdown").exitCode()).isZero();
        assertThat(d.exit().get(30, TimeUnit.SECONDS)).isZero();

        assertThat(viaDaemon).isEqualTo(onRepo);
        String a1 = "/ip4/127.0.0.1/tcp/1/p2p/" + p1;
        String a1b = "/ip4/127.0.0.1/udp/1/quic-v1/p2p/" + p1;
        String a2 = "/ip4/127.0.0.1/tcp/1/p2p/" + p2;
        List<String> sorted = new ArrayList<>(List.of(a1, a1b, a2));
        sorted.sort(null);
        assertThat(onRepo.get(0)).isEqualTo("ferry repo version fs-repo@1\n");
        assertThat(onRepo.get(1)).isEqualTo("fs-repo@1\n");
        assertThat(onRepo.get(2)).isEmpty();
        assertThat(onRepo.get(3)).isEqualTo(List.of(a1, a2).stream().sorted().map(a -> "added " + a + "\n")
                .reduce("", String::concat));
        assertThat(onRepo.get(4)).isEqualTo("added " + a1b + "\n");
        assertThat(onRepo.get(5)).isEqualTo(String.join("\n", sorted) + "\n").isEqualTo(onRepo.get(6));
        assertThat(onRepo.get(7)).isEqualTo(
                "Error: invalid bootstrap address (it must end in /p2p/<peer id>): /ip4/127.0.0.1/tcp/1\n");
        assertThat(onRepo.get(8)).isEqualTo("Error: bootstrap address without a transport: /p2p/" + p1 + "\n");
        assertThat(onRepo.get(9)).isEqualTo("Error: no bootstrap peers to add\n");
        assertThat(onRepo.get(10)).contains("no bootstrap peers to remove");
        assertThat(onRepo.get(11)).isEqualTo("Error: --all takes no peers\n");
        assertThat(onRepo.get(12)).startsWith("Error: invalid multiaddr 'not-an-address'");
        assertThat(onRepo.get(13)).isEqualTo(onRepo.get(5)); // failures changed nothing
        assertThat(onRepo.get(14)).isEqualTo("removed " + a2 + "\n");
        assertThat(onRepo.get(15)).isEqualTo("removed " + a1 + "\nremoved " + a1b + "\n"); // tcp sorts before udp
        assertThat(onRepo.get(16).lines()).hasSize(7).isSorted()
                .containsExactlyInAnyOrderElementsOf(BootstrapRpc.KUBO_DEFAULTS.stream().map(a -> "added " + a).toList());
        assertThat(onRepo.get(17)).isEmpty();
        assertThat(onRepo.get(18)).isEqualTo("added " + a1 + "\n");
        assertThat(onRepo.get(19).lines()).hasSize(8).allMatch(l -> l.startsWith("removed /"));
        assertThat(onRepo.get(20)).isEmpty();
    }

    @Test
    void swarmAddrsLocalAndListenAreTheSameWithAndWithoutTheDaemon() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliRun cli = DaemonFixture.init(tmp, "addrs");
        ok(cli, "config", "--json", "Addresses.Swarm", "[\"/ip4/127.0.0.1/tcp/" + port + "\"]");
        String id = ok(cli, "id").lines().filter(l -> l.contains("\"ID\"")).findFirst().orElseThrow()
                .replaceAll(".*\"ID\" *: *\"([^\"]+)\".*", "$1");
        List<String> offline = List.of(ok(cli, "swarm", "addrs", "listen"), ok(cli, "swarm", "addrs", "local"),
                ok(cli, "swarm", "addrs", "local", "--id"));
        Running d = DaemonFixture.start(tmp, "addrs", new byte[0]);
        List<String> online = List.of(ok(cli, "swarm", "addrs", "listen"), ok(cli, "swarm", "addrs", "local"),
                ok(cli, "swarm", "addrs", "local", "--id"));
        assertThat(ok(cli, "swarm", "addrs")).isEmpty(); // no peer known yet
        assertThat(ok(cli, "shutdown")).isNotNull();
        assertThat(d.exit().get(30, TimeUnit.SECONDS)).isZero();

        String listen = "/ip4/127.0.0.1/tcp/" + port;
        assertThat(online).isEqualTo(offline).containsExactly(listen + "\n", listen + "\n", listen + "/p2p/" + id + "\n");
        // announce addresses replace the listening ones in 'local', not in 'listen'
        ok(cli, "config", "--json", "Addresses.Announce", "[\"/ip4/127.0.0.9/tcp/4001\", \"/ip4/127.0.0.8/tcp/4001\"]");
        assertThat(ok(cli, "swarm", "addrs", "local")).isEqualTo("/ip4/127.0.0.8/tcp/4001\n/ip4/127.0.0.9/tcp/4001\n");
        assertThat(ok(cli, "swarm", "addrs", "listen")).isEqualTo(listen + "\n");
        // appended ones are told besides them
        ok(cli, "config", "--json", "Addresses.AppendAnnounce", "[\"/dns4/ferry.example/tcp/4001\"]");
        assertThat(ok(cli, "swarm", "addrs", "local"))
                .isEqualTo("/dns4/ferry.example/tcp/4001\n/ip4/127.0.0.8/tcp/4001\n/ip4/127.0.0.9/tcp/4001\n");
    }

    @Test
    void commandsOnTheExchangeNeedADaemon() {
        CliRun cli = DaemonFixture.init(tmp, "offline");
        String peer = Identity.generate(RANDOM).peerId().toString();
        for (String[] args : new String[][] {{"bitswap", "wantlist"}, {"bitswap", "wantlist", "-p", peer},
                {"bitswap", "ledger", peer}, {"bitswap", "stat"}, {"swarm", "addrs"}}) {
            assertThat(fails(cli, args)).isEqualTo(
                    "Error: this command needs a running daemon (start one with 'ferry daemon')\n");
        }
        CliRun.Result noPeer = cli.run("bitswap", "ledger");
        assertThat(noPeer.exitCode()).isEqualTo(1);
        assertThat(noPeer.stderr()).startsWith("Error: Missing required parameter: 'PEER-ID'");
    }

    @Test
    void twoDaemonsShowTheirWantlistLedgersAndAddresses() throws Exception {
        byte[] content = new byte[600_000];
        new Random(11).nextBytes(content);
        Running seeder = DaemonFixture.start(tmp, "seeder", content);
        String cid = new CliRun(tmp.resolve("x")).run(content, "add", "-Q", "-n").stdout().strip();
        byte[] absent = ("held by nobody " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        String missing = new CliRun(tmp.resolve("x")).run(absent, "add", "-Q", "-n").stdout().strip();
        // a fetcher that ignores ferry peers' indexes fetches as a plain IPFS node: over Bitswap
        CliRun setup = DaemonFixture.init(tmp, "fetcher");
        ok(setup, "config", "--json", "Exchange.UseIndexes", "false");
        Running fetcher = DaemonFixture.start(tmp, "fetcher", new byte[0]);
        String seederId = seeder.peerId();
        String fetcherId = fetcher.peerId();
        ok(fetcher.cli(), "swarm", "connect", seeder.swarm() + "/p2p/" + seederId);
        assertThat(fetcher.cli().run("cat", cid, "--timeout", "20s").stdoutBytes()).isEqualTo(content);

        String received = ok(fetcher.cli(), "bitswap", "ledger", seederId);
        assertThat(received).matches("Ledger for " + seederId + "\nDebt ratio:\t0\\.000000\nExchanges:\t[1-9]\\d*\n"
                + "Bytes sent:\t0\nBytes received:\t\\d+\n\n");
        long bytesIn = Long.parseLong(received.replaceAll("(?s).*Bytes received:\t(\\d+).*", "$1"));
        assertThat(bytesIn).isGreaterThan(content.length);
        String sent = ok(seeder.cli(), "bitswap", "ledger", fetcherId);
        assertThat(sent).contains("Ledger for " + fetcherId + "\n").contains("Bytes sent:\t" + bytesIn + "\n")
                .contains("Bytes received:\t0\n").contains("Debt ratio:\t" + String.format(java.util.Locale.ROOT,
                        "%f", bytesIn / 1.0));
        assertThat(ok(fetcher.cli(), "bitswap", "stat")).isEqualTo(ok(fetcher.cli(), "stats", "bitswap"))
                .contains("\tpartners [1]\n").doesNotContain("\t\t" + seederId + "\n");
        assertThat(ok(fetcher.cli(), "bitswap", "stat", "-v")).contains("\t\t" + seederId + "\n");

        // a want nobody can answer shows in the fetcher's wantlist while the cat waits
        CompletableFuture<CliRun.Result> waiting = CompletableFuture.supplyAsync(
                () -> fetcher.cli().run("cat", missing, "--timeout", "4s"), r -> Thread.ofVirtual().start(r));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String wants = "";
        while (!wants.contains(missing) && System.nanoTime() < end) {
            wants = ok(fetcher.cli(), "bitswap", "wantlist");
            Thread.sleep(50);
        }
        assertThat(wants.lines()).contains(missing);
        assertThat(ok(fetcher.cli(), "bitswap", "wantlist", "-p", fetcherId).lines()).contains(missing);
        assertThat(ok(fetcher.cli(), "bitswap", "stat")).contains("\t\t" + missing + "\n");
        assertThat(waiting.get(30, TimeUnit.SECONDS).exitCode()).isEqualTo(1);
        assertThat(ok(seeder.cli(), "bitswap", "wantlist", "-p", fetcherId)).doesNotContain(cid);
        assertThat(fails(seeder.cli(), "bitswap", "wantlist", "-p", "nobody")).contains("invalid peer ID 'nobody'");

        assertThat(ok(fetcher.cli(), "swarm", "addrs")).contains(seederId + " (").contains("\n\t" + seeder.swarm() + "\n");

        ok(fetcher.cli(), "shutdown");
        ok(seeder.cli(), "shutdown");
        assertThat(fetcher.exit().get(30, TimeUnit.SECONDS)).isZero();
        assertThat(seeder.exit().get(30, TimeUnit.SECONDS)).isZero();
    }
}
