package dev.ferry.dag.mfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.unixfs.EntryImport;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.ImportedEntry;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.dag.unixfs.UnixfsType;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.HashFunction;
import dev.ferry.store.BlockNotFoundException;
import dev.ferry.store.MemoryBlockstore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MfsTest {
    private final MemoryBlockstore store = new MemoryBlockstore();
    private final MfsRootStore roots = MfsRootStore.inMemory();
    private final Mfs mfs = new Mfs(roots);

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private String read(String path) throws IOException {
        try (InputStream in = mfs.read(store, path, 0, -1)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Cid added(byte[] content, ImportOptions o) throws IOException {
        return new UnixfsImporter(new MemoryBlockstore(), o).importStream(new ByteArrayInputStream(content), "f").cid();
    }

    private static final MfsWrite CREATE = new MfsWrite(0, true, false, false, -1, null, null);

    @Test
    void nodeFormatsFollowKubosMfsOptions() {
        assertThat(NodeFormat.fromOptions(null, null)).isNull();
        assertThat(NodeFormat.fromOptions(null, "")).isNull();
        assertThat(NodeFormat.fromOptions(0, null)).isEqualTo(NodeFormat.V0);
        assertThat(NodeFormat.fromOptions(1, null)).isEqualTo(new NodeFormat(1, HashFunction.SHA2_256));
        // a hash function means CIDv1, even with version 0 (Kubo's getPrefixNew)
        assertThat(NodeFormat.fromOptions(null, "SHA3-256")).isEqualTo(new NodeFormat(1, HashFunction.SHA3_256));
        assertThat(NodeFormat.fromOptions(0, "sha2-256")).isEqualTo(new NodeFormat(1, HashFunction.SHA2_256));
        assertThatThrownBy(() -> NodeFormat.fromOptions(null, "sha1")).isInstanceOf(MfsArgumentException.class)
                .hasMessage(HashFunction.INSECURE + ": sha1");
        assertThatThrownBy(() -> NodeFormat.fromOptions(null, "x")).isInstanceOf(MfsArgumentException.class)
                .hasMessage("unrecognized hash function: \"x\"");
        assertThatThrownBy(() -> NodeFormat.fromOptions(2, null)).isInstanceOf(MfsArgumentException.class);
        assertThatThrownBy(() -> new NodeFormat(0, HashFunction.BLAKE3)).isInstanceOf(MfsArgumentException.class)
                .hasMessage("CIDv0 only supports sha2-256");
    }

    @Test
    void entriesKeepTheirHashFunctionThroughWritesAndMetadataChanges() throws IOException {
        NodeFormat sha3 = new NodeFormat(1, HashFunction.SHA3_256);
        mfs.mkdir(store, "/d", false, sha3, true);
        byte[] big = new byte[700_000];
        new java.util.Random(3).nextBytes(big);
        mfs.write(store, "/d/f", new ByteArrayInputStream(big), CREATE);
        Cid f = mfs.lookup(store, "/d/f");
        assertThat(f).isEqualTo(added(big, ImportOptions.kuboDefaults().withCidVersion(1)
                .withHashFunction(HashFunction.SHA3_256)));
        // a write at the end reuses the whole leaves before it: the same function, so the CID of the whole content
        mfs.write(store, "/d/f", bytes("tail"), new MfsWrite(big.length, false, false, false, -1, null, null));
        byte[] longer = java.util.Arrays.copyOf(big, big.length + 4);
        System.arraycopy("tail".getBytes(StandardCharsets.UTF_8), 0, longer, big.length, 4);
        assertThat(mfs.lookup(store, "/d/f")).isEqualTo(added(longer, ImportOptions.kuboDefaults().withCidVersion(1)
                .withHashFunction(HashFunction.SHA3_256)));
        // written again with another function: no leaf of the old one is reused
        mfs.write(store, "/d/g", new ByteArrayInputStream(big), CREATE);
        mfs.write(store, "/d/g", bytes("tail"), new MfsWrite(big.length, false, false, false, -1, null, null,
                new NodeFormat(1, HashFunction.BLAKE2B_256)));
        assertThat(mfs.lookup(store, "/d/g")).isEqualTo(added(longer, ImportOptions.kuboDefaults().withCidVersion(1)
                .withHashFunction(HashFunction.BLAKE2B_256)));
        // metadata rewrites the node with its own function, the directory too
        mfs.chmod(store, "/d/f", 0644, true);
        mfs.touch(store, "/d", new dev.ferry.dag.unixfs.UnixTime(1_700_000_000L, null), true);
        assertThat(mfs.lookup(store, "/d/f").multihash().code()).isEqualTo(HashFunction.SHA3_256.code());
        assertThat(mfs.lookup(store, "/d").multihash().code()).isEqualTo(HashFunction.SHA3_256.code());
        assertThat(mfs.stat(store, "/d/f").mode()).isEqualTo(0644L);
        // chcid changes the directory only; the root stays CIDv0
        mfs.changeFormat(store, "/d", new NodeFormat(1, HashFunction.BLAKE2B_256), true);
        assertThat(mfs.lookup(store, "/d").multihash().code()).isEqualTo(0xb220);
        assertThat(mfs.lookup(store, "/d/f").multihash().code()).isEqualTo(HashFunction.SHA3_256.code());
        assertThat(mfs.stat(store, "/d").mtime()).isEqualTo(new dev.ferry.dag.unixfs.UnixTime(1_700_000_000L, null));
        assertThat(mfs.root().version()).isZero();
        try (InputStream in = mfs.read(store, "/d/f", 0, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(longer);
        }
    }

    @Test
    void aNewMfsIsTheEmptyDirectory() {
        MfsStat s = mfs.stat(store, "/");
        assertThat(s.cid()).isEqualTo(Mfs.EMPTY_DIRECTORY);
        assertThat(s.cid().toString()).isEqualTo("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
        assertThat(s.type()).isEqualTo("directory");
        assertThat(s.cumulativeSize()).isEqualTo(4);
        assertThat(s.blocks()).isZero();
        assertThat(mfs.list(store, "/", true)).isEmpty();
        assertThat(mfs.flush(store, "/")).isEqualTo(Mfs.EMPTY_DIRECTORY);
        mfs.saveUnflushed(store);
        assertThat(Mfs.locality(store, Mfs.EMPTY_DIRECTORY).complete()).isTrue();
        try (var cids = store.cids()) {
            assertThat(cids.count()).as("reading a new MFS stores nothing").isZero();
        }
        assertThat(roots.load()).isEmpty();
    }

    @Test
    void directoriesAreMadeAsKuboMakesThem() {
        mfs.mkdir(store, "/a", false, null);
        assertThatThrownBy(() -> mfs.mkdir(store, "/a", false, null)).isInstanceOf(MfsException.class)
                .hasMessageContaining("already exists");
        mfs.mkdir(store, "/a", true, null); // -p: an existing directory is fine
        assertThatThrownBy(() -> mfs.mkdir(store, "/x/y", false, null)).hasMessageContaining("/x: file does not exist");
        mfs.mkdir(store, "/x/y/z", true, null);
        assertThat(mfs.stat(store, "/x/y/z").type()).isEqualTo("directory");
        assertThat(mfs.list(store, "/", false)).extracting(MfsEntry::name).containsExactly("a", "x");
        assertThatThrownBy(() -> mfs.mkdir(store, "/", false, null)).hasMessageContaining("cannot create directory '/'");
        mfs.mkdir(store, "/", true, null);
        assertThatThrownBy(() -> mfs.mkdir(store, "a", false, null)).isInstanceOf(MfsArgumentException.class)
                .hasMessageContaining("leading slash");
    }

    @Test
    void newEntriesTakeTheirDirectorysCidVersionUnlessTold() throws IOException {
        mfs.mkdir(store, "/v1", false, 1);
        mfs.mkdir(store, "/v1/sub", false, null);
        mfs.write(store, "/v1/sub/f", bytes("hello"), CREATE);
        mfs.write(store, "/g", bytes("hello"), CREATE);
        assertThat(mfs.lookup(store, "/v1").version()).isEqualTo(1);
        assertThat(mfs.lookup(store, "/v1/sub").version()).isEqualTo(1);
        assertThat(mfs.root().version()).isZero();
        // CIDv1 files get raw leaves, as ipfs add --cid-version 1 does; CIDv0 ones dag-pb leaves
        assertThat(mfs.lookup(store, "/v1/sub/f"))
                .isEqualTo(added("hello".getBytes(), ImportOptions.kuboDefaults().withCidVersion(1)));
        assertThat(mfs.lookup(store, "/g")).isEqualTo(added("hello".getBytes(), ImportOptions.kuboDefaults()));
    }

    @Test
    void writtenFilesHaveTheCidOfIpfsAdd() throws IOException {
        byte[] big = new byte[600_000];
        new Random(7).nextBytes(big);
        mfs.write(store, "/big", new ByteArrayInputStream(big), CREATE);
        assertThat(mfs.lookup(store, "/big")).isEqualTo(added(big, ImportOptions.kuboDefaults()));
        MfsStat s = mfs.stat(store, "/big");
        assertThat(s.size()).isEqualTo(big.length);
        assertThat(s.blocks()).isEqualTo(3);
        assertThat(s.type()).isEqualTo("file");
        try (InputStream in = mfs.read(store, "/big", 262_000, 1_000)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(big, 262_000, 263_000));
        }
        mfs.write(store, "/raw", new ByteArrayInputStream(big), new MfsWrite(0, true, false, false, -1, true, 0));
        assertThat(mfs.lookup(store, "/raw"))
                .isEqualTo(added(big, ImportOptions.kuboDefaults().withRawLeaves(true)));
    }

    /** Writes at random offsets, with and without truncation and counts, against a byte array doing the same. */
    @Test
    void writesSpliceLikeAFile() throws IOException {
        Random rnd = new Random(42);
        byte[] model = new byte[0];
        for (int round = 0; round < 40; round++) {
            int size = rnd.nextInt(4) == 0 ? rnd.nextInt(300_000) : rnd.nextInt(2_000);
            byte[] data = new byte[size];
            rnd.nextBytes(data);
            boolean truncate = rnd.nextInt(6) == 0;
            long base = truncate ? 0 : model.length;
            long offset = rnd.nextInt(5) == 0 ? base + rnd.nextInt(300_000) : (long) rnd.nextInt((int) base + 1);
            long count = rnd.nextInt(4) == 0 ? rnd.nextInt(size + 1) : -1;
            mfs.write(store, "/f", new ByteArrayInputStream(data),
                    new MfsWrite(offset, true, false, truncate, count, null, null));
            int n = count < 0 ? size : (int) count;
            byte[] start = truncate ? new byte[0] : model;
            byte[] next = Arrays.copyOf(start, (int) Math.max(start.length, offset + n));
            System.arraycopy(data, 0, next, (int) offset, n);
            model = next;
            try (InputStream in = mfs.read(store, "/f", 0, -1)) {
                assertThat(in.readAllBytes()).as("round %d", round).isEqualTo(model);
            }
            assertThat(mfs.stat(store, "/f").size()).isEqualTo(model.length);
        }
        assertThat(mfs.lookup(store, "/f")).isEqualTo(added(model, ImportOptions.kuboDefaults()));
    }

    @Test
    void writeRefusals() throws IOException {
        assertThatThrownBy(() -> mfs.write(store, "/nope", bytes("x"), MfsWrite.defaults()))
                .hasMessageContaining("/nope: file does not exist");
        assertThatThrownBy(() -> mfs.write(store, "/d/f", bytes("x"), CREATE))
                .hasMessageContaining("/d: file does not exist");
        mfs.write(store, "/d/f", bytes("x"), new MfsWrite(0, true, true, false, -1, null, null));
        assertThat(read("/d/f")).isEqualTo("x");
        assertThatThrownBy(() -> mfs.write(store, "/d", bytes("x"), CREATE)).hasMessageContaining("was not a file");
        assertThatThrownBy(() -> mfs.write(store, "/d/f/g", bytes("x"), CREATE))
                .hasMessageContaining("/d/f is not a directory");
        assertThatThrownBy(() -> new MfsWrite(-1, true, false, false, -1, null, null))
                .isInstanceOf(MfsArgumentException.class);
        assertThatThrownBy(() -> mfs.read(store, "/d/f", 5, -1)).hasMessageContaining("offset was past end of file (5 > 1)");
        assertThatThrownBy(() -> mfs.read(store, "/d", 0, -1)).hasMessageContaining("was not a file");
    }

    @Test
    void aFailedWriteChangesNothing() throws IOException {
        mfs.write(store, "/f", bytes("before"), CREATE);
        Cid root = mfs.root();
        InputStream failing = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n++ > 100_000) {
                    throw new IOException("connection reset");
                }
                return 'x';
            }
        };
        assertThatThrownBy(() -> mfs.write(store, "/f", failing, MfsWrite.defaults())).isInstanceOf(IOException.class)
                .hasMessageContaining("connection reset");
        assertThat(mfs.root()).isEqualTo(root);
        assertThat(read("/f")).isEqualTo("before");
        assertThat(roots.load()).contains(root);
    }

    @Test
    void anEmptyWriteLeavesTheFileAsItIs() throws IOException {
        byte[] content = "trickled elsewhere".getBytes();
        Cid trickle = new UnixfsImporter(store, ImportOptions.kuboDefaults().withTrickle(true).withChunkSize(4))
                .importStream(new ByteArrayInputStream(content), "t").cid();
        mfs.copy(store, trickle, "t", "/t", false);
        mfs.write(store, "/t", InputStream.nullInputStream(), MfsWrite.defaults());
        assertThat(mfs.lookup(store, "/t")).isEqualTo(trickle);
        mfs.write(store, "/t", InputStream.nullInputStream(), new MfsWrite(0, false, false, true, -1, null, null));
        assertThat(read("/t")).isEmpty();
    }

    @Test
    void copyLinksContentWithoutReadingItAll() throws IOException {
        byte[] big = new byte[700_000];
        new Random(1).nextBytes(big);
        Cid file = new UnixfsImporter(store, ImportOptions.kuboDefaults()).importStream(new ByteArrayInputStream(big), "b").cid();
        MemoryBlockstore onlyRoot = new MemoryBlockstore();
        onlyRoot.put(store.get(file).orElseThrow());
        Mfs other = new Mfs(MfsRootStore.inMemory());
        other.copy(onlyRoot, file, file.toString(), "/dir/", true);
        assertThat(other.lookup(onlyRoot, "/dir/" + file)).isEqualTo(file);
        assertThat(other.stat(onlyRoot, "/dir/" + file).cumulativeSize())
                .isEqualTo(Mfs.stat(store, file).cumulativeSize());
        Mfs.Locality partial = Mfs.locality(onlyRoot, other.root());
        assertThat(partial.complete()).isFalse();
        assertThat(Mfs.locality(store, file).complete()).isTrue();
        assertThat(Mfs.locality(store, file).bytes()).isEqualTo(Mfs.stat(store, file).cumulativeSize());
        // a file linked twice counts twice, as in the cumulative size (Kubo's walk counts every link)
        mfs.copy(store, file, "x", "/twice/a", true);
        mfs.copy(store, file, "x", "/twice/b", false);
        Mfs.Locality twice = Mfs.locality(store, mfs.lookup(store, "/twice"));
        assertThat(twice.complete()).isTrue();
        assertThat(twice.bytes()).isEqualTo(mfs.stat(store, "/twice").cumulativeSize());
        mfs.remove(store, List.of("/twice"), true, false);
        assertThatThrownBy(() -> other.read(onlyRoot, "/dir/" + file, 0, -1).readAllBytes())
                .isInstanceOf(BlockNotFoundException.class);

        mfs.copy(store, file, "b", "/b", false);
        assertThatThrownBy(() -> mfs.copy(store, file, "b", "/b", false))
                .hasMessageContaining("directory already has entry by that name");
        assertThatThrownBy(() -> mfs.copy(store, file, "b", "/no/b", false)).hasMessageContaining("/no: file does not exist");
        List<MfsEntry> ls = mfs.list(store, "/", true);
        assertThat(ls).containsExactly(new MfsEntry("b", false, big.length, file));
        assertThat(mfs.list(store, "/b", true)).containsExactly(new MfsEntry("b", false, big.length, file));
    }

    @Test
    void copyRefusesWhatIsNotUnixfs() {
        Cid cbor = Cid.parse("bafyreigbtj4x7ip5legnfznufuopl4sg4knzc2cof6duas4b3q2fy6swua");
        assertThatThrownBy(() -> mfs.copy(store, cbor, "x", "/x", false)).hasMessageContaining("not a UnixFS node");
    }

    @Test
    void moveRenamesMovesIntoAndReplaces() throws IOException {
        mfs.write(store, "/a", bytes("A"), CREATE);
        mfs.write(store, "/b", bytes("B"), CREATE);
        mfs.mkdir(store, "/d", false, null);
        mfs.move(store, "/a", "/c");
        assertThat(read("/c")).isEqualTo("A");
        assertThatThrownBy(() -> mfs.lookup(store, "/a")).hasMessageContaining("does not exist");
        mfs.move(store, "/c", "/d");
        assertThat(read("/d/c")).isEqualTo("A");
        mfs.move(store, "/b", "/d/c"); // a file named as the target is replaced
        assertThat(read("/d/c")).isEqualTo("B");
        mfs.write(store, "/e", bytes("E"), CREATE);
        mfs.move(store, "/e", "/d/");
        assertThat(read("/d/e")).isEqualTo("E");
        mfs.write(store, "/e", bytes("E2"), CREATE);
        assertThatThrownBy(() -> mfs.move(store, "/e", "/d")).hasMessageContaining("already has entry");
        assertThatThrownBy(() -> mfs.move(store, "/d", "/d/inner")).hasMessageContaining("into itself");
        assertThatThrownBy(() -> mfs.move(store, "/", "/x")).hasMessageContaining("root");
        Cid before = mfs.root();
        mfs.move(store, "/e", "/e");
        assertThat(mfs.root()).isEqualTo(before);
    }

    @Test
    void removeAsKuboRemoves() throws IOException {
        mfs.write(store, "/d/f", bytes("x"), new MfsWrite(0, true, true, false, -1, null, null));
        mfs.write(store, "/g", bytes("y"), CREATE);
        assertThatThrownBy(() -> mfs.remove(store, List.of("/d"), false, false))
                .hasMessageContaining("/d is a directory, use -r to remove directories");
        assertThatThrownBy(() -> mfs.remove(store, List.of("/"), true, false)).hasMessageContaining("cannot delete root");
        assertThatThrownBy(() -> mfs.remove(store, List.of("/g", "/nope"), false, false))
                .hasMessageContaining("/nope: file does not exist");
        assertThat(read("/g")).isEqualTo("y"); // the failed command removed nothing
        mfs.remove(store, List.of("/nope", "/no/such/thing", "/g"), false, true);
        mfs.remove(store, List.of("/d/"), true, false);
        assertThat(mfs.root()).isEqualTo(Mfs.EMPTY_DIRECTORY);
    }

    @Test
    void changeCidVersionOfDirectories() throws IOException {
        mfs.write(store, "/f", bytes("x"), CREATE);
        mfs.changeCidVersion(store, "/", 1);
        assertThat(mfs.root().version()).isEqualTo(1);
        assertThat(mfs.lookup(store, "/f").version()).isZero();
        assertThatThrownBy(() -> mfs.changeCidVersion(store, "/f", 1)).hasMessageContaining("can only update directories");
        assertThatThrownBy(() -> mfs.changeCidVersion(store, "/", 2)).isInstanceOf(MfsArgumentException.class);
        mfs.changeCidVersion(store, "/", 0);
        assertThat(mfs.root().version()).isZero();
        assertThat(mfs.flush(store, "/")).isEqualTo(mfs.root());
    }

    @Test
    void theRootIsSavedAndReloaded() throws IOException {
        mfs.write(store, "/a/b", bytes("kept"), new MfsWrite(0, true, true, false, -1, null, null));
        assertThat(roots.load()).contains(mfs.root());
        Mfs again = new Mfs(roots);
        assertThat(again.root()).isEqualTo(mfs.root());
        try (InputStream in = again.read(store, "/a/b", 0, -1)) {
            assertThat(new String(in.readAllBytes())).isEqualTo("kept");
        }
    }

    /** Kubo's add --to-files: into a directory (each entry by name) or as one path; nothing made, nothing replaced. */
    @Test
    void addedEntriesAreLinkedAsKuboLinksThem() throws IOException {
        Cid a = added("a".getBytes(), ImportOptions.kuboDefaults());
        Cid b = added("b".getBytes(), ImportOptions.kuboDefaults());
        new UnixfsImporter(store, ImportOptions.kuboDefaults()).importStream(bytes("a"), "a");
        new UnixfsImporter(store, ImportOptions.kuboDefaults()).importStream(bytes("b"), "b");
        List<ImportedEntry> two = List.of(new ImportedEntry(a, "a.txt", 9), new ImportedEntry(b, "dir/b.txt", 9));
        mfs.mkdir(store, "/in", false, null);
        mfs.linkAdded(store, "/in/", two);
        assertThat(mfs.list(store, "/in", true)).extracting(MfsEntry::name).containsExactly("a.txt", "b.txt");
        mfs.linkAdded(store, "/renamed", List.of(two.get(0)));
        assertThat(mfs.lookup(store, "/renamed")).isEqualTo(a);
        Cid before = mfs.root();
        assertThatThrownBy(() -> mfs.linkAdded(store, "/file-dest", two)).hasMessageContaining("only one entry");
        assertThatThrownBy(() -> mfs.linkAdded(store, "/in/", two)).hasMessageContaining("already has entry");
        assertThatThrownBy(() -> mfs.linkAdded(store, "/missing/", two)).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> mfs.linkAdded(store, "/missing/x", List.of(two.get(0))))
                .hasMessageContaining("parent /missing does not exist");
        assertThatThrownBy(() -> mfs.linkAdded(store, "/renamed/", two)).hasMessageContaining("is not a directory");
        assertThatThrownBy(() -> mfs.linkAdded(store, "/", List.of(new ImportedEntry(a, "", 9))))
                .hasMessageContaining("unnamed");
        assertThat(mfs.root()).isEqualTo(before);
        mfs.linkAdded(store, "", List.of(new ImportedEntry(b, "at-root", 9))); // empty: the root, as Kubo
        assertThat(mfs.lookup(store, "/at-root")).isEqualTo(b);
    }

    /** Kubo's --flush=false: changes stay in memory, readable at once, and are saved by the next flush. */
    @Test
    void changesWithoutFlushWaitForTheNextFlush() throws IOException {
        mfs.write(store, "/saved", bytes("1"), CREATE);
        Cid saved = mfs.root();
        mfs.mkdir(store, "/batch", false, (NodeFormat) null, false);
        for (int i = 0; i < 20; i++) {
            mfs.write(store, "/batch/f" + i, bytes("n" + i), CREATE, false);
        }
        mfs.remove(store, List.of("/saved"), false, false, false);
        assertThat(read("/batch/f7")).isEqualTo("n7");
        assertThat(mfs.hasUnsavedChanges()).isTrue();
        assertThat(roots.load()).contains(saved);
        assertThat(new Mfs(roots).root()).isEqualTo(saved); // what a crash now would come back to
        Cid flushed = mfs.flush(store, "/batch");
        assertThat(flushed).isEqualTo(mfs.lookup(store, "/batch"));
        assertThat(roots.load()).contains(mfs.root());
        assertThat(mfs.hasUnsavedChanges()).isFalse();
        // a flushing change saves what was pending before it too
        mfs.move(store, "/batch/f1", "/one", false);
        mfs.mkdir(store, "/last", false, null);
        assertThat(new Mfs(roots).lookup(store, "/one")).isEqualTo(mfs.lookup(store, "/one"));
    }

    /**
     * Directories shard exactly past 256 KiB of links and unshard below it: the same entries give the CIDs the
     * importer gives a directory of those files, plain and sharded.
     */
    @Test
    void directoriesShardAndUnshardAtKubosThreshold() throws IOException {
        // "file-00000" (10 bytes) + a CIDv0 (34 bytes) = 44 bytes a link: 5,957 links are 262,108 bytes, one more
        // 262,152, past the 262,144 threshold
        Cid plain = directoryOf(5957);
        Cid sharded = directoryOf(5958);
        assertThat(new UnixfsExporter(store).type(plain)).isEqualTo(UnixfsType.DIRECTORY);
        assertThat(new UnixfsExporter(store).type(sharded)).isEqualTo(UnixfsType.HAMT_SHARD);
        mfs.copy(store, plain, "d", "/d", false);
        Cid file = new UnixfsImporter(store, ImportOptions.kuboDefaults()).importStream(bytes("same"), "x").cid();
        mfs.copy(store, file, "file-05957", "/d/file-05957", false);
        assertThat(mfs.lookup(store, "/d")).isEqualTo(sharded);
        assertThat(mfs.read(store, "/d/file-00017", 0, -1).readAllBytes()).isEqualTo("same".getBytes());
        // a name in a sharded directory is found by its hash: the shards on its way are read, not the others
        CountingStore counting = new CountingStore(store);
        assertThat(mfs.lookup(counting, "/d/file-04321")).isNotNull();
        long whole = Mfs.stat(store, sharded).cumulativeSize();
        assertThat(counting.readBytes).isLessThan(whole / 5);
        mfs.remove(store, List.of("/d/file-05957"), false, false);
        assertThat(mfs.lookup(store, "/d")).isEqualTo(plain);
    }

    /** Counts the bytes of verified reads, which hash what they read. */
    private static final class CountingStore extends dev.ferry.store.ForwardingBlockstore {
        long readBytes;

        CountingStore(dev.ferry.store.Blockstore delegate) {
            super(delegate);
        }

        @Override
        public java.util.Optional<dev.ferry.store.Block> get(Cid cid) {
            java.util.Optional<dev.ferry.store.Block> b = super.get(cid);
            b.ifPresent(x -> readBytes += x.size());
            return b;
        }
    }

    /** Appending to a large file links its whole chunks again instead of reading them: the cost is the end. */
    @Test
    void anAppendReadsOnlyTheEndOfTheFile() throws IOException {
        for (int version : new int[] {0, 1}) {
            byte[] content = new byte[9 * 262_144 + 1_000];
            new Random(version).nextBytes(content);
            byte[] first = Arrays.copyOf(content, 8 * 262_144 + 500);
            String path = "/log-v" + version;
            mfs.write(store, path, new ByteArrayInputStream(first), new MfsWrite(0, true, false, false, -1, null, version));
            CountingStore counting = new CountingStore(store);
            byte[] rest = Arrays.copyOfRange(content, first.length, content.length);
            mfs.write(counting, path, new ByteArrayInputStream(rest), new MfsWrite(first.length, false, false, false,
                    -1, null, null));
            assertThat(mfs.lookup(store, path))
                    .isEqualTo(added(content, ImportOptions.kuboDefaults().withCidVersion(version)));
            // the root and the partial last chunk are read; the eight whole chunks before it are not
            assertThat(counting.readBytes).as("v%d", version).isLessThan(262_144);
            try (InputStream in = mfs.read(store, path, 0, -1)) {
                assertThat(in.readAllBytes()).isEqualTo(content);
            }
        }
    }

    /** Leaves of another shape (trickle's Type=Raw leaves) are not taken for the import's own: the bytes are. */
    @Test
    void leavesOfAnotherShapeAreImportedAgain() throws IOException {
        byte[] content = new byte[3 * 262_144 + 10];
        new Random(11).nextBytes(content);
        Cid trickle = new UnixfsImporter(store, ImportOptions.kuboDefaults().withTrickle(true))
                .importStream(new ByteArrayInputStream(content), "t").cid();
        assertThat(dev.ferry.dag.unixfs.FilePrefix.of(store, trickle, ImportOptions.kuboDefaults(), content.length)
                .leafCount()).isZero();
        Cid balanced = added(content, ImportOptions.kuboDefaults());
        new UnixfsImporter(store, ImportOptions.kuboDefaults()).importStream(new ByteArrayInputStream(content), "b");
        assertThat(dev.ferry.dag.unixfs.FilePrefix.of(store, balanced, ImportOptions.kuboDefaults(), 2 * 262_144 + 9)
                .leafCount()).isEqualTo(2);
        assertThat(dev.ferry.dag.unixfs.FilePrefix.of(store, balanced, ImportOptions.kuboDefaults().withRawLeaves(true),
                content.length).leafCount()).isZero();
        mfs.copy(store, trickle, "t", "/t", false);
        mfs.write(store, "/t", bytes("tail"), new MfsWrite(content.length, false, false, false, -1, null, null));
        byte[] whole = Arrays.copyOf(content, content.length + 4);
        System.arraycopy("tail".getBytes(), 0, whole, content.length, 4);
        assertThat(mfs.lookup(store, "/t")).isEqualTo(added(whole, ImportOptions.kuboDefaults()));
    }

    private Cid directoryOf(int files) throws IOException {
        EntryImport imp = new UnixfsImporter(store, ImportOptions.kuboDefaults()).entries();
        for (int i = 0; i < files; i++) {
            imp.addFile("d/" + String.format("file-%05d", i), bytes("same"));
        }
        List<ImportedEntry> out = imp.finish();
        return out.get(out.size() - 1).cid();
    }
}
