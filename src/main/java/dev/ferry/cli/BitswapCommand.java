package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.multiformats.CidEncoder;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry bitswap wantlist|ledger|stat}, as Kubo's {@code ipfs bitswap}: what the running daemon's Bitswap wants,
 * what a partner wants from it, what it exchanged with a peer, and its counters. Each needs a daemon: outside one
 * there is no exchange to look at.
 */
@Command(name = "bitswap", mixinStandardHelpOptions = true, description = "Inspect the daemon's Bitswap exchange.",
        subcommands = {BitswapCommand.Wantlist.class, BitswapCommand.Ledger.class, BitswapCommand.Stat.class})
final class BitswapCommand {

    /**
     * One CID per line, in Kubo's order (the binary CIDs', which the daemon answers in), written with Kubo's low-level
     * encoder: {@code --cid-base} alone leaves CIDv0 as they are, {@code --upgrade-cidv0-in-output} makes them v1.
     */
    @Command(name = "wantlist", mixinStandardHelpOptions = true,
            description = "List the blocks the daemon wants, or with -p those a partner wants from it.")
    static final class Wantlist implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Mixin CidBaseOptions cidBase;
        @Option(names = {"-p", "--peer"}, paramLabel = "PEER-ID",
                description = "The wants this peer sent us (default: our own).") String peer;

        Wantlist(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            CidEncoder enc = cidBase.lowLevel();
            JsonNode res = SwarmCommand.daemon(env, repo).json("bitswap/wantlist", List.of(),
                    peer == null ? Map.of() : Map.of("peer", peer));
            res.path("Keys").forEach(k -> env.out().println(enc.recode(k.path("/").asText())));
            return 0;
        }
    }

    /** Kubo's ledger text: the debt ratio (bytes sent over bytes received plus one), exchanges and bytes. */
    @Command(name = "ledger", mixinStandardHelpOptions = true,
            description = "Show what the daemon exchanged over Bitswap with a peer.")
    static final class Ledger implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(paramLabel = "PEER-ID", description = "The partner.") String peer;

        Ledger(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            JsonNode l = SwarmCommand.daemon(env, repo).json("bitswap/ledger", List.of(peer), Map.of());
            var out = env.out();
            out.println("Ledger for " + l.path("Peer").asText());
            out.println("Debt ratio:\t" + String.format(Locale.ROOT, "%f", l.path("Value").asDouble()));
            out.println("Exchanges:\t" + l.path("Exchanged").asLong());
            out.println("Bytes sent:\t" + l.path("Sent").asLong());
            out.println("Bytes received:\t" + l.path("Recv").asLong());
            out.println();
            return 0;
        }
    }

    /** The same as {@code ferry stats bitswap}, as Kubo has both. */
    @Command(name = "stat", mixinStandardHelpOptions = true, description = "Bitswap counters, wantlist and partners.")
    static final class Stat implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Option(names = {"-v", "--verbose"}, description = "List the partners.") boolean verbose;
        @Option(names = "--human", description = "Sizes in KiB/MiB/GiB.") boolean human;

        Stat(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            StatsCommand.Bitswap.print(env, SwarmCommand.daemon(env, repo).json("bitswap/stat", List.of(), Map.of()),
                    verbose, human);
            return 0;
        }
    }
}
