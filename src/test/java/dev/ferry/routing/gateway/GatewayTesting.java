package dev.ferry.routing.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multihash;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/** Content and checks shared by the gateway tests. */
public final class GatewayTesting {
    private GatewayTesting() {
    }

    public static byte[] content(int size, long seed) {
        byte[] d = new byte[size];
        new Random(seed).nextBytes(d);
        return d;
    }

    /** Imports {@code data} as a UnixFS file in 16 KiB chunks (several leaves under one root). */
    public static Cid addFile(Blockstore store, byte[] data, boolean cidV1) throws IOException {
        ImportOptions opts = ImportOptions.kuboDefaults().withChunkSize(16 * 1024);
        if (cidV1) {
            opts = opts.withCidVersion(1);
        }
        return new UnixfsImporter(store, opts).importStream(new ByteArrayInputStream(data), "f").cid();
    }

    /** Multihashes of the DAG under {@code root} in {@code scope} as held by {@code source}. */
    public static Set<Multihash> dagOf(Blockstore source, Cid root, String scope) {
        Set<Multihash> out = new HashSet<>();
        for (Block b : HostileGateway.dag(source, root, scope)) {
            out.add(b.cid().multihash());
        }
        return out;
    }

    /**
     * Re-hashes every block in {@code store} against its key and checks each belongs to {@code allowed}; returns
     * the number of blocks.
     */
    public static int assertOnlyVerifiedBlocksOf(Blockstore store, Set<Multihash> allowed) {
        List<Cid> cids;
        try (Stream<Cid> s = store.cids()) {
            cids = s.toList();
        }
        for (Cid c : cids) {
            Block b = store.get(c).orElseThrow();
            assertThat(Cid.of(1, c.codec(), b.data()).multihash()).as("re-hash of %s", c).isEqualTo(c.multihash());
            assertThat(allowed).as("%s belongs to the requested DAG", c).contains(c.multihash());
        }
        return cids.size();
    }
}
