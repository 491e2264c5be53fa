package dev.ferry.routing.prefetch;

import dev.ferry.multiformats.Cid;
import dev.ferry.store.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learned model in the repository, so that it survives restarts. A text file, one line per CID:
 * <pre>
 * ferry-successors 1
 * &lt;cid&gt; &lt;seen&gt; &lt;epoch-millis&gt; [&lt;successor-cid&gt; &lt;count&gt;]...
 * </pre>
 * Counts are decimal numbers. The file is written atomically (temp file, fsync, rename) and bounded by the model's
 * limits; reading refuses a file larger than those limits allow. A missing file is an empty model; a corrupt one is
 * ignored with a warning (the model starts empty), never an error that stops the node.
 */
public final class SuccessorModelFile {
    private static final Logger LOG = LoggerFactory.getLogger(SuccessorModelFile.class);
    static final String HEADER = "ferry-successors 1";
    /** A line's bound per CID on it: a CID in text, a count, separators. */
    private static final int BYTES_PER_CID = 160;

    private SuccessorModelFile() {
    }

    /** The most bytes a file of a model with these limits may take. */
    static long maxBytes(SuccessorModelConfig config) {
        return HEADER.length() + 1 + (long) config.maxCids() * (config.maxSuccessors() + 1) * BYTES_PER_CID;
    }

    /** Saves what {@code model} learned to {@code file}, atomically. */
    public static void write(Path file, SuccessorModel model) throws IOException {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (LearnedEntry e : model.export()) {
            out.append(e.cid()).append(' ').append(e.seen()).append(' ').append(e.at().toEpochMilli());
            for (Map.Entry<Cid, Double> s : e.successors().entrySet()) {
                out.append(' ').append(s.getKey()).append(' ').append(s.getValue());
            }
            out.append('\n');
        }
        AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Restores into {@code model} what {@code file} holds. Missing: nothing happens. Unreadable, too large or
     * malformed anywhere: a warning, and nothing is restored.
     *
     * @return the number of CIDs restored
     */
    public static int readInto(Path file, SuccessorModel model) {
        List<LearnedEntry> entries;
        try {
            long size = Files.size(file);
            if (size > maxBytes(model.config())) {
                LOG.warn("ignoring the prefetch model {}: {} bytes, more than its limits allow", file, size);
                return 0;
            }
            entries = parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring the prefetch model {}: {}", file, e.getMessage());
            return 0;
        }
        model.restore(entries);
        return entries.size();
    }

    /** @throws IllegalArgumentException at the first malformed line */
    static List<LearnedEntry> parse(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length == 0 || !lines[0].equals(HEADER)) {
            throw new IllegalArgumentException("not a prefetch model file (no '" + HEADER + "' header)");
        }
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("the file is cut off (its last line has no end)");
        }
        List<LearnedEntry> out = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                if (i == lines.length - 1) {
                    break;
                }
                throw new IllegalArgumentException("line " + (i + 1) + " is empty");
            }
            String[] f = line.split(" ");
            if (f.length < 3 || f.length % 2 == 0) {
                throw new IllegalArgumentException("line " + (i + 1) + " has " + f.length + " fields");
            }
            try {
                Map<Cid, Double> next = new LinkedHashMap<>();
                for (int j = 3; j < f.length; j += 2) {
                    next.put(Cid.parse(f[j]), Double.parseDouble(f[j + 1]));
                }
                out.add(new LearnedEntry(Cid.parse(f[0]), Double.parseDouble(f[1]),
                        Instant.ofEpochMilli(Long.parseLong(f[2])), next));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}
