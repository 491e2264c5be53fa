package dev.ferry.policy.privacy;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multihash;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The line format of the private-content file (UTF-8, '\n' line ends):
 * <pre>
 * ferry-private-content v1
 * root &lt;CID text&gt;                one per private root, followed by the blocks of its DAG
 * block &lt;multihash in hex&gt;       lowercase, ≤ 2·(4+128) chars
 * end &lt;roots&gt; &lt;blocks&gt;          trailer: the counts of the lines above (a truncated copy is refused)
 * </pre>
 * Written to {@code <file>.tmp}, forced to disk, renamed over the file, then the directory is forced: a crash leaves
 * either the old or the new file, never a mix. Reading is strict and bounded per line.
 */
final class PrivateContentFile {
    static final String MAGIC = "ferry-private-content v1";
    private static final int MAX_LINE = 400;
    private static final HexFormat HEX = HexFormat.of();

    private PrivateContentFile() {}

    static Path tempOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".tmp");
    }

    /** The roots and their block sets; empty when the file does not exist. */
    static Map<Cid, Set<Multihash>> read(Path file) throws IOException {
        Map<Cid, Set<Multihash>> out = new LinkedHashMap<>();
        InputStream raw;
        try {
            raw = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            return out;
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8))) {
            String first = line(r);
            if (!MAGIC.equals(first)) {
                throw new PrivateContentException(file + ": not a private-content file");
            }
            Set<Multihash> current = null;
            long blocks = 0;
            for (String l = line(r); ; l = line(r)) {
                if (l == null) {
                    throw new PrivateContentException(file + ": truncated (no end line)");
                }
                try {
                    if (l.startsWith("root ")) {
                        Cid root = Cid.parse(l.substring(5));
                        if (out.containsKey(root)) {
                            throw new PrivateContentException(file + ": root " + root + " listed twice");
                        }
                        current = new LinkedHashSet<>();
                        out.put(root, current);
                    } else if (l.startsWith("block ")) {
                        if (current == null) {
                            throw new PrivateContentException(file + ": block before any root");
                        }
                        current.add(Multihash.decode(HEX.parseHex(l.substring(6))));
                        blocks++;
                    } else if (l.startsWith("end ")) {
                        String[] n = l.substring(4).split(" ", -1);
                        if (n.length != 2 || Long.parseLong(n[0]) != out.size() || Long.parseLong(n[1]) != blocks) {
                            throw new PrivateContentException(file + ": end counts do not match the content");
                        }
                        if (r.read() >= 0) {
                            throw new PrivateContentException(file + ": data after the end line");
                        }
                        return out;
                    } else {
                        throw new PrivateContentException(file + ": unknown line");
                    }
                } catch (RuntimeException e) {
                    throw new PrivateContentException(file + ": malformed line: " + e.getMessage(), e);
                }
            }
        }
    }

    /** One line without its '\n'; null at the end of the file; a line longer than the cap or unterminated fails. */
    private static String line(BufferedReader r) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = r.read();
            if (c < 0) {
                if (sb.isEmpty()) {
                    return null;
                }
                throw new PrivateContentException("unterminated last line");
            }
            if (c == '\n') {
                return sb.toString();
            }
            if (sb.length() >= MAX_LINE) {
                throw new PrivateContentException("line longer than " + MAX_LINE);
            }
            sb.append((char) c);
        }
    }

    static byte[] encode(Map<Cid, Set<Multihash>> roots) {
        StringBuilder sb = new StringBuilder(MAGIC).append('\n');
        long blocks = 0;
        for (Map.Entry<Cid, Set<Multihash>> e : roots.entrySet()) {
            sb.append("root ").append(e.getKey()).append('\n');
            for (Multihash mh : e.getValue()) {
                sb.append("block ").append(HEX.formatHex(mh.bytes())).append('\n');
                blocks++;
            }
        }
        sb.append("end ").append(roots.size()).append(' ').append(blocks).append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Replaces {@code file} atomically and durably with {@code bytes}. */
    static void write(Path file, byte[] bytes) throws IOException {
        Path tmp = tempOf(file);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system cannot rename atomically: " + file, e);
        }
        Path dir = file.toAbsolutePath().getParent();
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // makes the rename itself durable
        } catch (IOException e) {
            // some platforms cannot open a directory; the rename is still atomic
        }
    }
}
