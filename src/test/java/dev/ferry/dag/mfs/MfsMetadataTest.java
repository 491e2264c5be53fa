package dev.ferry.dag.mfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbLink;
import dev.ferry.dag.unixfs.EntryImport;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.ImportedEntry;
import dev.ferry.dag.unixfs.UnixTime;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.dag.unixfs.UnixfsType;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.MemoryBlockstore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** UnixFS 1.5 metadata in the MFS: files chmod and touch, what keeps it and what updates it. */
class MfsMetadataTest {
    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L, 123_000_000);
    private static final UnixTime NOW_MTIME = new UnixTime(1_700_000_000L, 123_000_000);
    private static final MfsWrite CREATE = new MfsWrite(0, true, true, false, -1, null, null);

    private final MemoryBlockstore store = new MemoryBlockstore();
    private final MfsRootStore roots = MfsRootStore.inMemory();
    private final Mfs mfs = new Mfs(roots, Clock.fixed(NOW, ZoneOffset.UTC));

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] random(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private byte[] read(String path) throws IOException {
        try (InputStream in = mfs.read(store, path, 0, -1)) {
            return in.readAllBytes();
        }
    }

    private List<PbLink> linksOf(Cid cid) {
        return PbCodec.decode(store.get(cid).orElseThrow().data()).links();
    }

    @Test
    void chmodAndTouchRewriteOnlyAFilesRootNode() throws IOException {
        byte[] content = random(600_000, 1);
        mfs.write(store, "/d/big", new ByteArrayInputStream(content), CREATE);
        Cid before = mfs.lookup(store, "/d/big");
        Cid rootBefore = mfs.root();
        MfsStat plain = mfs.stat(store, "/d/big");
        assertThat(plain.mode()).isNull();
        assertThat(plain.mtime()).isNull();
        assertThat(plain.kuboMode()).isZero();

        mfs.chmod(store, "/d/big", 0644, true);
        Cid chmodded = mfs.lookup(store, "/d/big");
        assertThat(chmodded).isNotEqualTo(before);
        assertThat(linksOf(chmodded)).isEqualTo(linksOf(before)); // the content DAG is the same
        assertThat(mfs.root()).isNotEqualTo(rootBefore);
        assertThat(roots.load()).contains(mfs.root());
        MfsStat s = mfs.stat(store, "/d/big");
        assertThat(s.mode()).isEqualTo(0644L);
        assertThat(s.size()).isEqualTo(plain.size());
        assertThat(s.blocks()).isEqualTo(plain.blocks());
        assertThat(s.cumulativeSize() - plain.cumulativeSize())
                .isEqualTo(store.get(chmodded).orElseThrow().size() - store.get(before).orElseThrow().size());
        // the parent's link carries the new Tsize: the whole tree still adds up
        assertThat(mfs.stat(store, "/d").cumulativeSize()).isEqualTo(Mfs.stat(store, mfs.lookup(store, "/d"))
                .cumulativeSize());
        assertThat(read("/d/big")).isEqualTo(content);

        mfs.touch(store, "/d/big", new UnixTime(1_630_937_926L, 5), true);
        s = mfs.stat(store, "/d/big");
        assertThat(s.mode()).isEqualTo(0644L); // touch keeps the mode
        assertThat(s.mtime()).isEqualTo(new UnixTime(1_630_937_926L, 5));
        mfs.chmod(store, "/d/big", 04755, true);
        assertThat(mfs.stat(store, "/d/big").mtime()).isEqualTo(new UnixTime(1_630_937_926L, 5)); // chmod keeps it
        assertThat(mfs.stat(store, "/d/big").mode()).isEqualTo(04755L);
        mfs.touch(store, "/d/big", null, true); // no time: now
        assertThat(mfs.stat(store, "/d/big").mtime()).isEqualTo(NOW_MTIME);
        assertThat(linksOf(mfs.lookup(store, "/d/big"))).isEqualTo(linksOf(before));

        // mode 0 unsets it; without mode or mtime the node is the one without metadata again
        mfs.chmod(store, "/d/big", 0, true);
        mfs.touch(store, "/d/big", new UnixTime(5, null), true);
        assertThat(mfs.stat(store, "/d/big").mode()).isNull();
        assertThat(new UnixfsExporter(store).size(mfs.lookup(store, "/d/big"))).isEqualTo(content.length);
    }

    @Test
    void aRawFileBecomesTheLeafOfAFileNodeWithTheMetadata() throws IOException {
        mfs.write(store, "/small", bytes("raw leaf"), new MfsWrite(0, true, false, false, -1, null, 1));
        Cid raw = mfs.lookup(store, "/small");
        assertThat(raw.codec()).isEqualTo(Multicodec.RAW.code());
        mfs.touch(store, "/small", new UnixTime(1_000, null), true);
        Cid wrapped = mfs.lookup(store, "/small");
        assertThat(wrapped.codec()).isEqualTo(Multicodec.DAG_PB.code());
        assertThat(wrapped.version()).isEqualTo(1);
        assertThat(linksOf(wrapped)).extracting(PbLink::hash).containsExactly(raw);
        MfsStat s = mfs.stat(store, "/small");
        assertThat(s.type()).isEqualTo("file");
        assertThat(s.size()).isEqualTo(8);
        assertThat(s.mtime()).isEqualTo(new UnixTime(1_000, null));
        assertThat(new String(read("/small"), StandardCharsets.UTF_8)).isEqualTo("raw leaf");
        // written again, the file's one raw block is wrapped again, with the time of the write
        mfs.write(store, "/small", bytes("RAW"), MfsWrite.defaults());
        assertThat(mfs.lookup(store, "/small").codec()).isEqualTo(Multicodec.DAG_PB.code());
        assertThat(mfs.stat(store, "/small").mtime()).isEqualTo(NOW_MTIME);
        assertThat(new String(read("/small"), StandardCharsets.UTF_8)).isEqualTo("RAW leaf");
    }

    @Test
    void directoriesKeepTheirMetadataThroughChanges() throws IOException {
        mfs.mkdir(store, "/dir", false, null);
        mfs.chmod(store, "/dir", 0755, true);
        mfs.touch(store, "/dir", new UnixTime(42, 7), true);
        NodeMetadata expected = new NodeMetadata(0755L, new UnixTime(42, 7));
        mfs.write(store, "/dir/a", bytes("a"), CREATE);
        mfs.mkdir(store, "/dir/sub", false, null);
        mfs.move(store, "/dir/a", "/dir/sub/a");
        mfs.remove(store, List.of("/dir/sub"), true, false);
        mfs.changeCidVersion(store, "/dir", 1);
        assertThat(mfs.lookup(store, "/dir").version()).isEqualTo(1);
        assertThat(NodeMetadata.of(store, mfs.lookup(store, "/dir"))).isEqualTo(expected);
        MfsStat s = mfs.stat(store, "/dir");
        assertThat(s.kuboMode()).isEqualTo((1L << 31) | 0755);
        assertThat(UnixMode.goString(s.kuboMode())).isEqualTo("drwxr-xr-x");

        // the root's own metadata, and a parent's, stay when a child changes
        mfs.chmod(store, "/", 0700, true);
        mfs.write(store, "/dir/b", bytes("b"), CREATE);
        assertThat(mfs.stat(store, "/").mode()).isEqualTo(0700L);
        assertThat(NodeMetadata.of(store, mfs.lookup(store, "/dir"))).isEqualTo(expected);
    }

    @Test
    void aShardedDirectoryKeepsItsMetadataOnTheRootShard() throws IOException {
        // 5,958 links of 44 bytes are past Kubo's 256 KiB threshold (see MfsTest)
        EntryImport imp = new UnixfsImporter(store, ImportOptions.kuboDefaults()).entries();
        for (int i = 0; i < 5958; i++) {
            imp.addFile("d/" + String.format("file-%05d", i), bytes("same"));
        }
        List<ImportedEntry> out = imp.finish();
        Cid sharded = out.get(out.size() - 1).cid();
        mfs.copy(store, sharded, "d", "/d", false);
        mfs.chmod(store, "/d", 0750, true);
        mfs.touch(store, "/d", new UnixTime(99, null), true);
        Cid withMetadata = mfs.lookup(store, "/d");
        assertThat(new UnixfsExporter(store).type(withMetadata)).isEqualTo(UnixfsType.HAMT_SHARD);
        assertThat(linksOf(withMetadata)).isEqualTo(linksOf(sharded)); // only the root shard is new
        assertThat(mfs.stat(store, "/d").mode()).isEqualTo(0750L);
        assertThat(new String(read("/d/file-01234"))).isEqualTo("same");

        mfs.touch(store, "/d/file-01234", new UnixTime(7, null), true); // a file inside: found by hash
        assertThat(mfs.stat(store, "/d/file-01234").mtime()).isEqualTo(new UnixTime(7, null));
        assertThat(NodeMetadata.of(store, mfs.lookup(store, "/d"))).isEqualTo(new NodeMetadata(0750L, new UnixTime(99, null)));
        // below the threshold the directory is plain again, with its metadata
        mfs.remove(store, List.of("/d/file-00000"), false, false);
        assertThat(new UnixfsExporter(store).type(mfs.lookup(store, "/d"))).isEqualTo(UnixfsType.DIRECTORY);
        assertThat(NodeMetadata.of(store, mfs.lookup(store, "/d"))).isEqualTo(new NodeMetadata(0750L, new UnixTime(99, null)));
    }

    @Test
    void copyAndMoveKeepMetadataAndAWriteUpdatesTheMtime() throws IOException {
        mfs.write(store, "/f", bytes("first"), CREATE);
        mfs.chmod(store, "/f", 0600, true);
        mfs.touch(store, "/f", new UnixTime(10, null), true);
        Cid f = mfs.lookup(store, "/f");
        mfs.copy(store, f, "f", "/copy", false);
        mfs.move(store, "/f", "/moved");
        assertThat(mfs.lookup(store, "/copy")).isEqualTo(f);
        assertThat(mfs.lookup(store, "/moved")).isEqualTo(f);

        // a write keeps the mode and makes the mtime now; an empty write changes nothing
        mfs.write(store, "/moved", bytes("FIRST and more"), MfsWrite.defaults());
        MfsStat s = mfs.stat(store, "/moved");
        assertThat(s.mode()).isEqualTo(0600L);
        assertThat(s.mtime()).isEqualTo(NOW_MTIME);
        assertThat(new String(read("/moved"))).isEqualTo("FIRST and more");
        Cid written = mfs.lookup(store, "/moved");
        mfs.write(store, "/moved", bytes(""), MfsWrite.defaults());
        assertThat(mfs.lookup(store, "/moved")).isEqualTo(written);
        mfs.write(store, "/moved", bytes("t"), new MfsWrite(0, false, false, true, -1, null, null));
        assertThat(mfs.stat(store, "/moved").mode()).isEqualTo(0600L);
        assertThat(new String(read("/moved"))).isEqualTo("t");

        // without an mtime, a write sets none (only the mode is kept)
        mfs.write(store, "/modeonly", bytes("x"), CREATE);
        mfs.chmod(store, "/modeonly", 0444, true);
        mfs.write(store, "/modeonly", bytes("y"), new MfsWrite(1, false, false, false, -1, null, null));
        assertThat(mfs.stat(store, "/modeonly").mtime()).isNull();
        assertThat(mfs.stat(store, "/modeonly").mode()).isEqualTo(0444L);
        // a file written anew has no metadata
        mfs.write(store, "/new", bytes("n"), CREATE);
        assertThat(NodeMetadata.of(store, mfs.lookup(store, "/new"))).isEqualTo(NodeMetadata.NONE);
    }

    @Test
    void unflushedMetadataIsSavedByTheNextFlushAndReloaded() throws IOException {
        mfs.write(store, "/a", bytes("a"), CREATE);
        Cid saved = mfs.root();
        mfs.chmod(store, "/a", 0640, false);
        mfs.touch(store, "/", new UnixTime(3, null), false);
        assertThat(roots.load()).contains(saved);
        assertThat(mfs.stat(store, "/a").mode()).isEqualTo(0640L);
        mfs.flush(store, "/");
        Mfs again = new Mfs(roots);
        assertThat(again.stat(store, "/a").mode()).isEqualTo(0640L);
        assertThat(again.stat(store, "/").mtime()).isEqualTo(new UnixTime(3, null));
    }

    @Test
    void refusals() throws IOException {
        mfs.write(store, "/a", bytes("a"), CREATE);
        Cid before = mfs.root();
        assertThatThrownBy(() -> mfs.chmod(store, "/missing", 0644, true)).isInstanceOf(MfsException.class)
                .hasMessageContaining("/missing: file does not exist");
        assertThatThrownBy(() -> mfs.touch(store, "/x/y", null, true)).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> mfs.chmod(store, "/a", 010000, true)).isInstanceOf(MfsArgumentException.class);
        assertThatThrownBy(() -> mfs.chmod(store, "a", 0644, true)).isInstanceOf(MfsArgumentException.class);
        assertThatThrownBy(() -> Mfs.touchTime(5L, 1_000_000_000L)).isInstanceOf(MfsArgumentException.class)
                .hasMessageContaining("mtime-nsecs out of range");
        assertThatThrownBy(() -> Mfs.touchTime(5L, -1L)).isInstanceOf(MfsArgumentException.class);
        assertThat(mfs.root()).isEqualTo(before);
        assertThat(Mfs.touchTime(null, null)).isNull();
        assertThat(Mfs.touchTime(0L, 5L)).isNull(); // Kubo: no seconds, now
        assertThat(Mfs.touchTime(-5L, 0L)).isEqualTo(new UnixTime(-5, null));
        assertThat(Mfs.touchTime(5L, 9L)).isEqualTo(new UnixTime(5, 9));
    }

    @Test
    void modesAreOctalAndShownAsKuboShowsThem() {
        assertThat(UnixMode.parse("755")).isEqualTo(0755);
        assertThat(UnixMode.parse("0755")).isEqualTo(0755);
        assertThat(UnixMode.parse("0o755")).isEqualTo(0755);
        assertThat(UnixMode.parse("7777")).isEqualTo(07777);
        assertThat(UnixMode.parse("0")).isZero();
        for (String bad : new String[] {"", "8", "u+x", "-1", "0x1ff", "10000", "0o", "rwx", "99999999999999999999"}) {
            assertThatThrownBy(() -> UnixMode.parse(bad)).as(bad).isInstanceOf(MfsArgumentException.class);
        }
        assertThat(UnixMode.goMode(0644L, "file")).isEqualTo(0644);
        assertThat(UnixMode.goMode(null, "file")).isZero();
        assertThat(UnixMode.goMode(null, "symlink")).isEqualTo((1L << 27) | 0777);
        assertThat(UnixMode.goMode(04755L, "file")).isEqualTo((1L << 23) | 0755);
        assertThat(UnixMode.goMode(0x1000L, "file")).as("extended bits alone are no mode").isZero();
        assertThat(UnixMode.fromGoMode((1L << 31) | (1L << 20) | 0755)).isEqualTo(01755L);
        assertThat(UnixMode.fromGoMode(0)).isNull();
        assertThat(UnixMode.goString(0644)).isEqualTo("-rw-r--r--");
        assertThat(UnixMode.goString((1L << 31) | 0755)).isEqualTo("drwxr-xr-x");
        assertThat(UnixMode.goString((1L << 27) | 0777)).isEqualTo("lrwxrwxrwx");
        assertThat(UnixMode.goString((1L << 23) | 0755)).isEqualTo("urwxr-xr-x");
        assertThat(String.format("%04o", UnixMode.goMode(0755L, "directory"))).isEqualTo("20000000755");
        assertThat(UnixMode.changed(0xA000L | 0644, 0)).isEqualTo(0xA000L); // extended bits stay
        assertThat(UnixMode.changed(0644L, 0)).isNull();
    }
}
