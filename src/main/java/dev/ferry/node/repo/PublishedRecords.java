package dev.ferry.node.repo;

import dev.ferry.routing.ipns.IpnsName;
import dev.ferry.routing.ipns.IpnsRecord;
import dev.ferry.store.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The latest IPNS record this node published for each of its names, in the repo's {@code ipns/} folder (one file
 * per name, named by the name's {@code k51…} text): what the sequence of the next record follows, what the node
 * republishes, and what it answers for its own names. Written atomically and synced before a publish reports
 * success. Files are kept as bytes; readers verify them.
 */
public final class PublishedRecords {
    public static final String DIR = "ipns";

    private final Path dir;

    public PublishedRecords(Path repo) {
        this.dir = repo.resolve(DIR);
    }

    /** The bytes of the last record published for {@code name}, if any. */
    public synchronized Optional<byte[]> get(IpnsName name) {
        try {
            return Optional.of(Files.readAllBytes(dir.resolve(name.toString())));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the published record of " + name, e);
        }
    }

    /** Keeps {@code record} as the last one published for its name, durably. */
    public synchronized void put(IpnsRecord record) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve(record.name().toString()), record.bytes());
    }

    /** The names with a published record. */
    public synchronized List<IpnsName> names() {
        List<IpnsName> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String n = p.getFileName().toString();
                if (n.startsWith(".")) {
                    continue; // a write in progress
                }
                try {
                    out.add(IpnsName.parse(n));
                } catch (IllegalArgumentException e) {
                    // not ours
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + dir, e);
        }
        return out;
    }
}
