package dev.ferry.store;

import dev.ferry.multiformats.Cid;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * The repository's block store as everything above sees it (Kubo's Filestore over its blockstore): blocks in the
 * main store, plus the blocks the {@link Filestore} keeps as references into files. Reads try the main store first;
 * {@code has} and {@code cids()} count both (a block in both is listed once), so pins, GC, Bitswap and the gateway
 * see filestore blocks like any other; {@code delete} removes the block from both (the file itself is never touched);
 * {@code put} stores in the main store ({@code add --nocopy} records its leaves in the filestore itself).
 * Filestore blocks are always verified when read, also for peers.
 */
public final class FilestoreBlockstore implements Blockstore {
    private final Blockstore main;
    private final Filestore filestore;

    public FilestoreBlockstore(Blockstore main, Filestore filestore) {
        this.main = Objects.requireNonNull(main, "main");
        this.filestore = Objects.requireNonNull(filestore, "filestore");
    }

    /** The store of copied blocks. */
    public Blockstore main() {
        return main;
    }

    public Filestore filestore() {
        return filestore;
    }

    @Override
    public boolean has(Cid cid) {
        return main.has(cid) || filestore.has(cid);
    }

    @Override
    public Optional<Block> get(Cid cid) {
        Optional<Block> b = main.get(cid);
        return b.isPresent() ? b : filestore.get(cid);
    }

    @Override
    public Optional<byte[]> bytesForPeer(Cid cid) {
        Optional<byte[]> b = main.bytesForPeer(cid);
        return b.isPresent() ? b : filestore.get(cid).map(Block::data);
    }

    @Override
    public OptionalInt size(Cid cid) {
        OptionalInt s = main.size(cid);
        return s.isPresent() ? s : filestore.size(cid);
    }

    @Override
    public void put(Block block) {
        main.put(block);
    }

    @Override
    public void putReceived(Block block) {
        main.putReceived(block);
    }

    @Override
    public void putAll(Iterable<Block> blocks) {
        main.putAll(blocks);
    }

    @Override
    public boolean delete(Cid cid) {
        boolean inMain = main.delete(cid);
        return filestore.delete(cid) | inMain;
    }

    @Override
    public Stream<Cid> cids() {
        Stream<Cid> fromFiles = Stream.of(filestore).flatMap(f -> f.cids().filter(c -> !main.has(c)));
        return Stream.concat(main.cids(), fromFiles);
    }

    /** Kubo's {@code filestore dups}: filestore blocks that the main store holds too, lazily. */
    public Stream<Cid> duplicates() {
        return filestore.cids().filter(main::has);
    }

    @Override
    public void sync() {
        main.sync();
        filestore.sync();
    }

    @Override
    public void close() {
        try {
            main.close();
        } finally {
            filestore.close();
        }
    }
}
