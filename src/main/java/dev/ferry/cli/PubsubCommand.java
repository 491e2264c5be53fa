package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.multiformats.Multibase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry pubsub pub|sub|ls|peers}: publish/subscribe through the running daemon, as Kubo's {@code ipfs pubsub}.
 * Topics go to the daemon multibase-encoded (Kubo's RPC format), so any text works as a topic.
 */
@Command(name = "pubsub", mixinStandardHelpOptions = true, description = "Publish and subscribe to topics.",
        subcommands = {PubsubCommand.Pub.class, PubsubCommand.Sub.class, PubsubCommand.Ls.class,
                PubsubCommand.Peers.class})
final class PubsubCommand {
    /** The largest message: what one pubsub RPC frame carries. */
    static final int MAX_MESSAGE = 1 << 20;

    static String topicArg(String topic) {
        return Multibase.BASE64_URL.encode(topic.getBytes(StandardCharsets.UTF_8));
    }

    static String text(String multibase) {
        return new String(Multibase.decode(multibase), StandardCharsets.UTF_8);
    }

    @Command(name = "pub", mixinStandardHelpOptions = true,
            description = "Publish a message: the contents of FILE, or of stdin when FILE is omitted (at most 1 MiB).")
    static final class Pub implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(index = "0", paramLabel = "TOPIC") String topic;
        @Parameters(index = "1", paramLabel = "FILE", arity = "0..1") Path file;

        Pub(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            byte[] data;
            if (file != null) {
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("no such file: " + file);
                }
                if (Files.size(file) > MAX_MESSAGE) {
                    throw new IllegalArgumentException(file + " is larger than a pubsub message may be (1 MiB)");
                }
                data = Files.readAllBytes(file);
            } else {
                data = env.in().readNBytes(MAX_MESSAGE + 1);
                if (data.length > MAX_MESSAGE) {
                    throw new IllegalArgumentException("stdin holds more than a pubsub message may (1 MiB)");
                }
            }
            try (InputStream answer = SwarmCommand.daemon(env, repo).upload("pubsub/pub", List.of(topicArg(topic)),
                    Map.of(), new MultipartBody().file("", () -> new java.io.ByteArrayInputStream(data)))) {
                answer.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return 0;
        }
    }

    @Command(name = "sub", mixinStandardHelpOptions = true,
            description = "Print the messages published on TOPIC as they arrive, until interrupted.")
    static final class Sub implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(paramLabel = "TOPIC") String topic;
        // --enc (global): text prints each message's data and a newline; json one JSON line per message, Kubo's RPC
        // shape (from, and multibase data, seqno, topicIDs)
        private final OutputEncoding encoding;

        Sub(FerryCli.CliEnv env, OutputEncoding encoding) {
            this.env = env;
            this.encoding = encoding;
        }

        @Override
        public Integer call() throws IOException {
            SwarmCommand.daemon(env, repo).ndjson("pubsub/sub", List.of(topicArg(topic)), Map.of(), line -> {
                if (encoding.json()) {
                    env.out().println(line.toString());
                } else {
                    byte[] data = Multibase.decode(line.path("data").asText("u"));
                    env.out().write(data, 0, data.length);
                    env.out().println();
                }
                env.out().flush();
            });
            return 0;
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List the topics the daemon subscribes to.")
    static final class Ls implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;

        Ls(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            JsonNode res = SwarmCommand.daemon(env, repo).json("pubsub/ls", List.of(), Map.of());
            for (JsonNode t : res.path("Strings")) {
                env.out().println(text(t.asText()));
            }
            return 0;
        }
    }

    @Command(name = "peers", mixinStandardHelpOptions = true,
            description = "List the connected peers that speak pubsub; with TOPIC, those subscribed to it.")
    static final class Peers implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(paramLabel = "TOPIC", arity = "0..1") String topic;
        @Option(names = "--scores", description = "Print each peer's gossipsub score after its ID (none when "
                + "Pubsub.PeerScoring is false).")
        boolean scores;

        Peers(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            JsonNode res = SwarmCommand.daemon(env, repo).json("pubsub/peers",
                    topic == null ? List.of() : List.of(topicArg(topic)),
                    scores ? Map.of("scores", "true") : Map.of());
            res.path("Strings").forEach(p -> {
                JsonNode score = res.path("Scores").path(p.asText());
                env.out().println(scores && score.isNumber()
                        ? p.asText() + " " + String.format(java.util.Locale.ROOT, "%.2f", score.asDouble())
                        : p.asText());
            });
            return 0;
        }
    }
}
