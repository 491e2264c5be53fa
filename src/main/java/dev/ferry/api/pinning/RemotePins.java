package dev.ferry.api.pinning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.TableFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Pinning Service API's pin objects, in {@code <repo>/remote-pins}: one JSON object per line after a header line,
 * the whole file replaced atomically at every change. Thread-safe.
 */
final class RemotePins {
    static final String FILE = "remote-pins";
    private static final String MAGIC = "ferry-remote-pins v1";
    private static final long MAX_FILE_BYTES = 256L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<String, RemotePin> pins = new LinkedHashMap<>();
    private Instant lastCreated = Instant.EPOCH;

    private RemotePins(Path file) {
        this.file = file;
    }

    static RemotePins open(Path file) {
        RemotePins t = new RemotePins(file);
        t.read();
        return t;
    }

    synchronized Optional<RemotePin> get(String requestId) {
        return Optional.ofNullable(pins.get(requestId));
    }

    synchronized List<RemotePin> list() {
        return List.copyOf(pins.values());
    }

    /** A creation time after every earlier one (millisecond steps), so that pages by time never split a tie. */
    synchronized Instant nextCreated(Instant now) {
        Instant t = now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        lastCreated = t.isAfter(lastCreated) ? t : lastCreated.plusMillis(1);
        return lastCreated;
    }

    synchronized void put(RemotePin p) {
        RemotePin old = pins.put(p.requestId(), p);
        try {
            save();
        } catch (RuntimeException e) {
            if (old == null) {
                pins.remove(p.requestId());
            } else {
                pins.put(p.requestId(), old);
            }
            throw e;
        }
    }

    synchronized boolean remove(String requestId) {
        RemotePin old = pins.remove(requestId);
        if (old == null) {
            return false;
        }
        try {
            save();
        } catch (RuntimeException e) {
            pins.put(requestId, old);
            throw e;
        }
        return true;
    }

    private void save() {
        StringBuilder sb = new StringBuilder(MAGIC).append('\n');
        for (RemotePin p : pins.values()) {
            ObjectNode o = JSON.createObjectNode();
            o.put("requestid", p.requestId());
            o.put("owner", p.owner());
            o.put("created", p.created().toString());
            o.put("cid", p.cid().toString());
            o.put("name", p.name());
            p.origins().forEach(o.putArray("origins")::add);
            if (p.origins().isEmpty()) {
                o.putArray("origins");
            }
            ObjectNode meta = o.putObject("meta");
            p.meta().forEach(meta::put);
            o.put("failure", p.failure());
            sb.append(o).append('\n');
        }
        TableFile.write(file, sb);
    }

    private void read() {
        for (String l : TableFile.read(file, MAGIC, MAX_FILE_BYTES)) {
            try {
                JsonNode o = JSON.readTree(l);
                List<String> origins = new ArrayList<>();
                o.path("origins").forEach(n -> origins.add(n.asText()));
                Map<String, String> meta = new LinkedHashMap<>();
                o.path("meta").fields().forEachRemaining(e -> meta.put(e.getKey(), e.getValue().asText()));
                RemotePin p = new RemotePin(o.get("requestid").asText(), o.get("owner").asText(),
                        Instant.parse(o.get("created").asText()), Cid.parse(o.get("cid").asText()),
                        o.path("name").asText(""), origins, meta, o.path("failure").asText(""));
                pins.put(p.requestId(), p);
                if (p.created().isAfter(lastCreated)) {
                    lastCreated = p.created();
                }
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException(file + ": bad line: " + e.getMessage(), e);
            }
        }
    }
}
