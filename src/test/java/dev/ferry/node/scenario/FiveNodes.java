package dev.ferry.node.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.Node;
import dev.ferry.node.content.Pinner;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.store.Blockstore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Five real ferry nodes on 127.0.0.1 (port 0), each on its own temporary repository: the fetcher F and four others.
 * {@link #connect()} dials every other node from F (a star: the others are not connected to each other) and waits
 * until both sides hold each other's capabilities record. Closing closes every node.
 */
final class FiveNodes implements AutoCloseable {
    /** Bound of every wait for the network (records exchanged, indexes pushed). */
    static final Duration WAIT = Duration.ofSeconds(20);

    private final List<Node> nodes = new ArrayList<>();

    private FiveNodes() {
    }

    /**
     * Starts the five nodes.
     *
     * @param dir           a temporary directory for the repositories
     * @param fetcherConfig changes to F's config before it starts (e.g. its gateway fallback)
     */
    static FiveNodes start(Path dir, Consumer<RepoConfig> fetcherConfig) throws IOException {
        FiveNodes cluster = new FiveNodes();
        try {
            for (int i = 0; i < 5; i++) {
                Path repo = dir.resolve(i == 0 ? "F" : "N" + i);
                Repo.init(repo, new SecureRandom());
                Consumer<RepoConfig> extra = i == 0 ? fetcherConfig : c -> { };
                Repo.updateConfig(repo, c -> {
                    c.set("Addresses.Swarm", JsonNodeFactory.instance.arrayNode().add("/ip4/127.0.0.1/tcp/0"));
                    extra.accept(c);
                });
                cluster.nodes.add(Node.start(Repo.open(repo)));
            }
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** The node that fetches. */
    Node f() {
        return nodes.getFirst();
    }

    /** One of the four others, 1 to 4. */
    Node other(int i) {
        if (i < 1 || i > 4) {
            throw new IllegalArgumentException("the others are 1 to 4: " + i);
        }
        return nodes.get(i);
    }

    List<Node> others() {
        return List.copyOf(nodes.subList(1, 5));
    }

    /** F dials each other node; returns once F holds each one's record and each holds F's. */
    void connect() throws IOException, InterruptedException {
        Node f = f();
        PeerId idF = f.host().peerId();
        for (Node n : others()) {
            f.host().connect(dialable(n));
        }
        for (Node n : others()) {
            PeerId id = n.host().peerId();
            await("F holds the record of " + id, () -> f.capabilities().peerCapabilities(id).isPresent());
            await(id + " holds F's record", () -> n.capabilities().peerCapabilities(idF).isPresent());
        }
    }

    /** Waits until F's view of {@code holder}'s content index claims {@code cid}. */
    void awaitClaim(Node holder, Cid cid) throws InterruptedException {
        PeerId id = holder.host().peerId();
        await("F sees " + cid + " in the index of " + id, () -> f().capabilities().peerCapabilities(id)
                .map(r -> r.mightServe(cid)).orElse(false));
    }

    static dev.ferry.multiformats.Multiaddr dialable(Node n) {
        return n.listenAddresses().getFirst().encapsulate("/p2p/" + n.host().peerId());
    }

    /** Polls {@code condition} every 20 ms until it holds; fails the test after {@link #WAIT}. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waited %s for: %s", WAIT, what).isNegative();
            Thread.sleep(20);
        }
    }

    static byte[] content(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Imports {@code data} as a UnixFS file with Kubo's defaults (256 KiB chunks, CIDv0) into {@code store}. */
    static Cid addFile(Blockstore store, byte[] data) throws IOException {
        Cid root = new UnixfsImporter(store, ImportOptions.kuboDefaults())
                .importStream(new ByteArrayInputStream(data), "f").cid();
        store.sync();
        return root;
    }

    /** The CIDs of the DAG under {@code root} as {@code node} holds it, root first. */
    static List<Cid> dagOf(Node node, Cid root) {
        List<Cid> out = new ArrayList<>();
        new Pinner(node.repo().blocks(), node.repo().pins()).walk(root, out::add);
        return out;
    }

    /** The bytes of the blocks of {@code dag} as {@code node} holds them. */
    static long bytesOf(Node node, List<Cid> dag) {
        return dag.stream().mapToLong(c -> node.repo().blocks().get(c).orElseThrow().size()).sum();
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (Node n : nodes.reversed()) {
            try {
                n.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        nodes.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
