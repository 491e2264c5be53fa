package dev.ferry.routing.gateway;

import static dev.ferry.routing.gateway.GatewayTesting.assertOnlyVerifiedBlocksOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.car.CarException;
import dev.ferry.dag.car.CarReader;
import dev.ferry.dag.car.CarWriter;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multihash;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Whatever a gateway sends, ingestion ends with a GatewayException or success, and the store only ever gains
 * verified blocks of the requested DAG.
 */
class CarIngestProperties {
    private static final URI GW = URI.create("http://127.0.0.1:1");
    private static final MemoryBlockstore SOURCE = new MemoryBlockstore();
    private static final Cid ROOT;
    private static final List<Block> DAG;
    private static final Set<Multihash> MEMBERS = new HashSet<>();

    static {
        try {
            ROOT = new UnixfsImporter(SOURCE, ImportOptions.kuboDefaults().withCidVersion(1).withChunkSize(1024))
                    .importStream(new ByteArrayInputStream(GatewayTesting.content(12_000, 41)), "f").cid();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DAG = HostileGateway.dag(SOURCE, ROOT, "all");
        DAG.forEach(b -> MEMBERS.add(b.cid().multihash()));
    }

    private static byte[] car(List<Cid> roots, List<Block> blocks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CarWriter w = CarWriter.open(out, roots)) {
            for (Block b : blocks) {
                w.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Reads as the client does: only GatewayException may escape; returns true on success. */
    private static boolean ingest(byte[] body, boolean dfs, MemoryBlockstore into, long maxOrphanBytes) {
        try {
            CarReader reader;
            try {
                reader = CarReader.open(new ByteArrayInputStream(body));
            } catch (CarException e) {
                return false;
            }
            new CarIngest(GW, ROOT, dfs, into, CarReader.MAX_BLOCK_SIZE, maxOrphanBytes).read(reader);
            return true;
        } catch (GatewayException e) {
            return false;
        } catch (IOException e) {
            throw new AssertionError("a byte array does not fail with I/O", e);
        }
    }

    @Property(tries = 300)
    void theHonestCarIsAcceptedInAnyOrder(@ForAll boolean dfs, @ForAll long seed) {
        List<Block> blocks = new ArrayList<>(DAG);
        if (!dfs) {
            java.util.Collections.shuffle(blocks, new java.util.Random(seed));
        }
        MemoryBlockstore into = new MemoryBlockstore();
        assertThat(ingest(car(List.of(ROOT), blocks), dfs, into, 1 << 20)).isTrue();
        assertThat(assertOnlyVerifiedBlocksOf(into, MEMBERS)).isEqualTo(DAG.size());
    }

    @Property(tries = 500)
    void corruptedCarsNeverStoreAnythingOutsideTheDag(@ForAll boolean dfs, @ForAll @IntRange(min = 0) int cutAt,
            @ForAll @IntRange(min = 0) int flipAt, @ForAll @IntRange(min = 0, max = 3) int what,
            @ForAll @Size(max = 64) byte[] stranger) {
        List<Block> blocks = new ArrayList<>(DAG);
        List<Cid> roots = List.of(ROOT);
        if (what == 3) {
            blocks.add(flipAt % (blocks.size() + 1), Block.raw(stranger));
        }
        byte[] body = car(roots, blocks);
        switch (what) {
            case 0 -> body = java.util.Arrays.copyOf(body, cutAt % body.length);
            case 1 -> body[flipAt % body.length] ^= (byte) (1 << (cutAt % 8));
            case 2 -> {
                body = java.util.Arrays.copyOf(body, cutAt % body.length);
                if (body.length > 0) {
                    body[flipAt % body.length] ^= 0x55;
                }
            }
            default -> {
            }
        }
        MemoryBlockstore into = new MemoryBlockstore();
        ingest(body, dfs, into, 1 << 20);
        assertOnlyVerifiedBlocksOf(into, MEMBERS);
        if (what == 3) {
            assertThat(into.has(Block.raw(stranger).cid())).isFalse();
        }
    }

    @Property(tries = 1000)
    void arbitraryBytesOnlyEverEndInAGatewayException(@ForAll @Size(max = 600) byte[] body, @ForAll boolean dfs) {
        MemoryBlockstore into = new MemoryBlockstore();
        ingest(body, dfs, into, 4096);
        assertThat(into.count()).isZero(); // random bytes cannot hash to the root
    }
}
