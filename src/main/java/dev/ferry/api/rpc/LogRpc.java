package dev.ferry.api.rpc;

import dev.ferry.node.logging.LogLevels;
import dev.ferry.node.logging.LogLine;
import dev.ferry.node.logging.LogSubsystems;
import dev.ferry.node.logging.LogTail;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubo's {@code log/level}, {@code log/ls} and {@code log/tail}: the daemon's logging, subsystem by subsystem
 * ({@link LogSubsystems}). The tail streams one JSON line per event (go-log's fields: level, ts, logger, msg) until
 * the client goes away.
 */
final class LogRpc {
    private static final Logger LOG = LoggerFactory.getLogger(LogRpc.class);
    /**
     * How often an idle tail checks that its client is still there. The check writes one space: the JVM's HTTP server
     * only notices a closed connection when writing, and NDJSON readers (Kubo's client, ferry's) skip the whitespace
     * before the next line, where a blank line would break a strict JSON.parse.
     */
    private static final Duration IDLE = Duration.ofSeconds(1);

    private LogRpc() {}

    static void install(RpcServer server) {
        server.register("log/level", LogRpc::level);
        server.register("log/ls", r -> new RpcResponse.Json(Map.of("Strings", List.copyOf(LogSubsystems.all().keySet()))));
        server.register("log/tail", Set.of("log-level"), LogRpc::tail);
    }

    private static RpcResponse level(RpcRequest r) {
        if (r.args().size() < 2) {
            throw RpcException.badRequest(r.args().isEmpty()
                    ? "argument \"subsystem\" is required" : "argument \"level\" is required");
        }
        String subsystem = r.args().get(0);
        String level = r.args().get(1);
        if (subsystem.equals(LogSubsystems.ALL)) {
            subsystem = "*"; // as Kubo, whose message names go-log's wildcard
        }
        try {
            LogLevels.set(subsystem, level);
        } catch (IllegalArgumentException e) {
            throw new RpcException(500, e.getMessage());
        }
        String message = "Changed log level of '" + subsystem + "' to '" + level + "'\n";
        LOG.info(message.strip());
        return new RpcResponse.Json(Map.of("Message", message));
    }

    private static RpcResponse tail(RpcRequest r) {
        Optional<String> level = r.option("log-level").filter(s -> !s.isEmpty());
        LogTail tail;
        try {
            tail = LogTail.open(level);
        } catch (IllegalArgumentException e) {
            throw new RpcException(500, "setting log level " + level.orElseThrow() + ": " + e.getMessage());
        }
        return new RpcResponse.Stream("application/x-ndjson", out -> {
            try (tail) {
                out.flush(); // the headers now: the client is following from here on
                while (true) {
                    Optional<LogLine> line = tail.next(IDLE);
                    if (line.isPresent()) {
                        write(out, line.get());
                    } else {
                        out.write(' ');
                        out.flush();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static void write(OutputStream out, LogLine l) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("level", l.level());
        m.put("ts", DateTimeFormatter.ISO_INSTANT.format(l.time()));
        m.put("logger", l.subsystem());
        m.put("msg", l.message());
        l.error().ifPresent(e -> m.put("error", e));
        out.write(RpcServer.JSON.writeValueAsBytes(m));
        out.write('\n');
        out.flush();
    }
}
