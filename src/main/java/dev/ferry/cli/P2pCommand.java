package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry p2p listen|forward|ls|close} and {@code ferry p2p stream ls|close}: libp2p stream mounting through the
 * running daemon, as Kubo's {@code ipfs p2p} (TCP connections tunnelled over libp2p streams). The daemon's
 * {@code Experimental.Libp2pStreamMounting} must be true.
 */
@Command(name = "p2p", mixinStandardHelpOptions = true,
        description = "Libp2p stream mounting: tunnel TCP connections to and from peers over libp2p streams.",
        subcommands = {P2pCommand.Listen.class, P2pCommand.Forward.class, P2pCommand.Ls.class, P2pCommand.Close.class,
                P2pCommand.StreamGroup.class})
final class P2pCommand {

    /** Calls a command that answers nothing (Kubo's empty body). */
    static void send(FerryCli.CliEnv env, RepoOptions repo, String command, List<String> args,
            Map<String, String> options) throws IOException {
        try (InputStream in = SwarmCommand.daemon(env, repo).stream(command, args, options)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    /**
     * Rows as Kubo's tabwriter lays them out (padding 1, spaces): each column but the last as wide as its widest cell
     * plus one space.
     */
    static List<String> aligned(List<List<String>> rows) {
        int columns = rows.isEmpty() ? 0 : rows.getFirst().size();
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < columns - 1; c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        List<String> out = new ArrayList<>();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String cell = row.get(c);
                line.append(cell);
                if (c < columns - 1) {
                    line.append(" ".repeat(width[c] - cell.length() + 1));
                }
            }
            out.add(line.toString());
        }
        return out;
    }

    /** Prints {@code rows} aligned, under {@code header} when asked and when there is any row. */
    static void table(FerryCli.CliEnv env, List<String> header, List<List<String>> rows, boolean headers) {
        List<List<String>> all = new ArrayList<>();
        if (headers && !rows.isEmpty()) {
            all.add(header);
        }
        all.addAll(rows);
        aligned(all).forEach(env.out()::println);
    }

    private static Map<String, String> flag(Map<String, String> options, String name, boolean on) {
        if (on) {
            options.put(name, "true");
        }
        return options;
    }

    @Command(name = "listen", mixinStandardHelpOptions = true,
            description = {"Serve PROTOCOL to peers: each inbound stream is piped to a new TCP connection to "
                    + "TARGET-ADDRESS.", "Example: ferry p2p listen /x/myproto /ip4/127.0.0.1/tcp/1234"})
    static final class Listen implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(index = "0", paramLabel = "PROTOCOL", description = "Protocol name (within /x/).") String protocol;
        @Parameters(index = "1", paramLabel = "TARGET-ADDRESS", description = "TCP target, e.g. /ip4/127.0.0.1/tcp/1234.")
        String target;
        @Option(names = {"-r", "--report-peer-id"},
                description = "Send the remote peer's ID and a newline to the target before any data.")
        boolean reportPeerId;
        @Option(names = "--allow-custom-protocol", description = "Don't require the /x/ prefix.")
        boolean allowCustom;

        Listen(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            Map<String, String> options = new LinkedHashMap<>();
            flag(options, "allow-custom-protocol", allowCustom);
            flag(options, "report-peer-id", reportPeerId);
            send(env, repo, "p2p/listen", List.of(protocol, target), options);
            return 0;
        }
    }

    @Command(name = "forward", mixinStandardHelpOptions = true,
            description = {"Forward the TCP connections made to LISTEN-ADDRESS to the PROTOCOL service of the peer "
                    + "TARGET-ADDRESS.", "Example: ferry p2p forward /x/myproto /ip4/127.0.0.1/tcp/4567 /p2p/12D3Koo…"})
    static final class Forward implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(index = "0", paramLabel = "PROTOCOL", description = "Protocol name (within /x/).") String protocol;
        @Parameters(index = "1", paramLabel = "LISTEN-ADDRESS", description = "Local TCP address to listen on.")
        String listen;
        @Parameters(index = "2", paramLabel = "TARGET-ADDRESS",
                description = "The peer: /p2p/<id>, optionally after an address to reach it at.")
        String target;
        @Option(names = "--allow-custom-protocol", description = "Don't require the /x/ prefix.")
        boolean allowCustom;

        Forward(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            send(env, repo, "p2p/forward", List.of(protocol, listen, target),
                    flag(new LinkedHashMap<>(), "allow-custom-protocol", allowCustom));
            return 0;
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = "List the listeners and forwarders: protocol, listen address, target address.")
    static final class Ls implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Option(names = {"-v", "--headers"}, description = "Print table headers (Protocol, Listen, Target).")
        boolean headers;

        Ls(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            JsonNode res = SwarmCommand.daemon(env, repo).json("p2p/ls", List.of(), Map.of());
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode l : res.path("Listeners")) {
                rows.add(List.of(l.path("Protocol").asText(), l.path("ListenAddress").asText(),
                        l.path("TargetAddress").asText()));
            }
            table(env, List.of("Protocol", "Listen Address", "Target Address"), rows, headers);
            return 0;
        }
    }

    @Command(name = "close", mixinStandardHelpOptions = true,
            description = "Stop listening for new connections to forward (and end those of the closed mounts).")
    static final class Close implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Option(names = {"-a", "--all"}, description = "Close all listeners.") boolean all;
        @Option(names = {"-p", "--protocol"}, description = "Match protocol name.") String protocol;
        @Option(names = {"-l", "--listen-address"}, description = "Match listen address.") String listen;
        @Option(names = {"-t", "--target-address"}, description = "Match target address.") String target;

        Close(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            Map<String, String> options = flag(new LinkedHashMap<>(), "all", all);
            if (protocol != null) {
                options.put("protocol", protocol);
            }
            if (listen != null) {
                options.put("listen-address", listen);
            }
            if (target != null) {
                options.put("target-address", target);
            }
            JsonNode res = SwarmCommand.daemon(env, repo).json("p2p/close", List.of(), options);
            env.out().println("Closed " + res.asInt() + " stream(s)");
            return 0;
        }
    }

    @Command(name = "stream", mixinStandardHelpOptions = true, description = "List and close the open tunnels.",
            subcommands = {StreamLs.class, StreamClose.class})
    static final class StreamGroup {
    }

    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = "List the open tunnels: handler ID, protocol, origin address, target address.")
    static final class StreamLs implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Option(names = {"-v", "--headers"}, description = "Print table headers (ID, Protocol, Origin, Target).")
        boolean headers;

        StreamLs(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            JsonNode res = SwarmCommand.daemon(env, repo).json("p2p/stream/ls", List.of(), Map.of());
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode s : res.path("Streams")) {
                rows.add(List.of(s.path("HandlerID").asText(), s.path("Protocol").asText(),
                        s.path("OriginAddress").asText(), s.path("TargetAddress").asText()));
            }
            table(env, List.of("ID", "Protocol", "Origin", "Target"), rows, headers);
            return 0;
        }
    }

    @Command(name = "close", mixinStandardHelpOptions = true, description = "Close an open tunnel, or all of them.")
    static final class StreamClose implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(paramLabel = "HANDLER-ID", arity = "0..1", description = "The tunnel's ID (see 'p2p stream ls').")
        String id;
        @Option(names = {"-a", "--all"}, description = "Close all tunnels.") boolean all;

        StreamClose(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            send(env, repo, "p2p/stream/close", id == null ? List.of() : List.of(id),
                    flag(new LinkedHashMap<>(), "all", all));
            return 0;
        }
    }
}
