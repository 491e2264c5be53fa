package dev.ferry.policy.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.multiformats.Multihash;
import dev.ferry.store.Block;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The private-content file: round trips, and arbitrary or damaged bytes only fail as PrivateContentException. */
class PrivateContentFileProperties {
    static Path dir;

    @BeforeContainer
    static void mkdir() throws IOException {
        dir = Files.createTempDirectory("private-content-props");
    }

    @AfterContainer
    static void rmdir() throws IOException {
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    @Property(tries = 100)
    void setsRoundTrip(@ForAll @Size(max = 6) List<@Size(max = 8) List<@Size(max = 16) byte[]>> roots,
            @ForAll boolean v0) throws Exception {
        Map<Cid, Set<Multihash>> in = new LinkedHashMap<>();
        int i = 0;
        for (List<byte[]> blocks : roots) {
            byte[] seed = ("root" + i++).getBytes(StandardCharsets.UTF_8);
            Cid root = v0 ? Block.create(0, Multicodec.DAG_PB.code(), seed).cid() : Block.raw(seed).cid();
            Set<Multihash> mhs = new LinkedHashSet<>();
            mhs.add(root.multihash());
            blocks.forEach(b -> mhs.add(Multihash.sha256(b)));
            in.put(root, mhs);
        }
        Path f = dir.resolve("rt");
        PrivateContentFile.write(f, PrivateContentFile.encode(in));
        assertThat(PrivateContentFile.read(f)).isEqualTo(in);
    }

    @Property(tries = 500)
    void arbitraryBytesOnlyFailAsDeclared(@ForAll @Size(max = 600) byte[] bytes) throws IOException {
        Path f = dir.resolve("arb");
        Files.write(f, bytes);
        expectOnlyDeclared(f);
    }

    @Property(tries = 300)
    void damagedFilesOnlyFailAsDeclared(@ForAll @IntRange(min = 0, max = 10_000) int pos, @ForAll byte xor,
            @ForAll boolean cut) throws IOException {
        Map<Cid, Set<Multihash>> in = new LinkedHashMap<>();
        Cid root = Block.raw(new byte[] {1}).cid();
        in.put(root, new LinkedHashSet<>(List.of(root.multihash(), Multihash.sha256(new byte[] {2}))));
        byte[] good = PrivateContentFile.encode(in);
        byte[] bad = good.clone();
        int p = pos % good.length;
        if (cut) {
            bad = java.util.Arrays.copyOf(good, p);
        } else {
            bad[p] ^= (byte) (xor == 0 ? 1 : xor);
        }
        Path f = dir.resolve("dmg");
        Files.write(f, bad);
        expectOnlyDeclared(f);
    }

    static void expectOnlyDeclared(Path f) {
        try {
            PrivateContentFile.read(f);
        } catch (PrivateContentException e) {
            // declared
        } catch (Throwable t) {
            throw new AssertionError("undeclared " + t, t);
        }
    }
}
