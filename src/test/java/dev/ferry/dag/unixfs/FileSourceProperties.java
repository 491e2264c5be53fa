package dev.ferry.dag.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.store.MemoryBlockstore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A file imported from its path (chunks read at their offsets by the hashing threads) gives the same root, size and
 * blocks as the same bytes imported from a stream (chunks read in order), whatever the size, chunk size and options;
 * sizes cluster around multiples of the chunk size, where the last chunk and the end of the file meet.
 */
class FileSourceProperties {
    @Property(tries = 120)
    void pathAndStreamImportsAgree(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4096) int chunk,
            @ForAll @IntRange(min = 0, max = 3) int variant) throws IOException {
        Random r = new Random(seed);
        int chunks = r.nextInt(12);
        int size = Math.max(0, chunks * chunk + (r.nextBoolean() ? r.nextInt(3) - 1 : r.nextInt(chunk)));
        byte[] data = new byte[size];
        r.nextBytes(data);
        ImportOptions o = ImportOptions.kuboDefaults().withChunkSize(chunk).withMaxLinks(2 + r.nextInt(5));
        o = switch (variant) {
            case 0 -> o;
            case 1 -> o.withCidVersion(1);
            case 2 -> o.withTrickle(true);
            default -> o.withOnlyHash(true);
        };
        Path file = Files.createTempFile("ferry-file-source", ".bin");
        try {
            Files.write(file, data);
            MemoryBlockstore fromPath = new MemoryBlockstore();
            MemoryBlockstore fromStream = new MemoryBlockstore();
            ImportedEntry a = new UnixfsImporter(fromPath, o).importPath(file);
            ImportedEntry b = new UnixfsImporter(fromStream, o).importStream(new ByteArrayInputStream(data), a.path());
            assertThat(a.cid()).isEqualTo(b.cid());
            assertThat(a.size()).isEqualTo(b.size());
            assertThat(cids(fromPath)).isEqualTo(cids(fromStream));
            if (!o.onlyHash()) {
                assertThat(fromPath.count()).isPositive();
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static Set<String> cids(MemoryBlockstore store) {
        return store.cids().map(Object::toString).collect(Collectors.toSet());
    }
}
