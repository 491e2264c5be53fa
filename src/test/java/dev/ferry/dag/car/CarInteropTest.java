package dev.ferry.dag.car;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.walk.DagWalker;
import dev.ferry.dag.walk.TestDags;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ferry's CAR code against @ipld/car, @ipld/dag-pb and @ipld/dag-cbor (scripts in interop/car/). */
@Tag("interop")
class CarInteropTest {
    private static Path interop;
    private static Path node;

    @TempDir
    Path tmp;

    @BeforeAll
    static void locateNode() {
        interop = Path.of(System.getProperty("ferry.project.dir", ".")).resolve("interop");
        node = dev.ferry.testing.NodeJs.binary();
    }

    record Run(int exit, List<String> out, String err) {
        List<String> values(String key) {
            return out.stream().filter(l -> l.startsWith(key + " ")).map(l -> l.substring(key.length() + 1)).toList();
        }
    }

    private Run run(String script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(node.toString(), script));
        cmd.addAll(List.of(args));
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).directory(interop.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                throw new AssertionError(script + " did not finish in 120 s");
            }
            return new Run(p.exitValue(), Files.readAllLines(out), Files.readString(err));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void ferryReadsAndVerifiesACarWrittenByIpldCar() throws Exception {
        Path car = tmp.resolve("js.car");
        Run js = run("car/write-car.mjs", car.toString(), "600");
        assertThat(js.exit()).as(js.err()).isZero();
        List<Cid> expected = js.values("cid").stream().map(Cid::parse).toList();
        Cid root = Cid.parse(js.values("root").getFirst());
        assertThat(expected).hasSize(Integer.parseInt(js.values("count").getFirst())).hasSizeGreaterThan(600);

        byte[] v1 = Files.readAllBytes(car);
        List<Block> blocks = CarTest.readAll(v1); // every block verified against its CID
        assertThat(blocks).extracting(Block::cid).containsExactlyElementsOf(expected);
        assertThat(blocks).extracting(b -> b.cid().version()).contains(0, 1);

        MemoryBlockstore store = new MemoryBlockstore();
        CarImporter.CarImportResult imported;
        try (InputStream in = Files.newInputStream(car)) {
            imported = CarImporter.importCar(in, store);
        }
        assertThat(imported.roots()).containsExactly(root);
        assertThat(imported.blocks()).isEqualTo(expected.size());
        // the JS DAG (dag-cbor root -> dag-pb tree -> raw and dag-pb leaves) walks completely
        assertThat(new DagWalker(store).reachable(List.of(root))).hasSize(expected.size());

        // the same payload wrapped as CARv2 (@ipld/car writes only v1)
        byte[] v2 = CarTest.wrapV2(v1, 13, new byte[] {0, 1, 2});
        try (CarReader r = CarReader.open(new ByteArrayInputStream(v2))) {
            assertThat(r.version()).isEqualTo(2);
            assertThat(r.roots()).containsExactly(root);
            long n = 0;
            for (Optional<Block> b = r.next(); b.isPresent(); b = r.next()) {
                n++;
            }
            assertThat(n).isEqualTo(expected.size());
        }
    }

    @Test
    void ipldCarReadsAndVerifiesEveryBlockOfACarFerryWrites() throws Exception {
        MemoryBlockstore store = new MemoryBlockstore();
        List<Cid> groups = new ArrayList<>();
        for (int g = 0; g < 25; g++) {
            List<Cid> leaves = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Block leaf = i % 2 == 0 ? TestDags.raw("leaf " + g + "/" + i) : TestDags.pb(i % 4 == 1 ? 0 : 1,
                        "pb leaf " + g + "/" + i);
                store.put(leaf);
                leaves.add(leaf.cid());
            }
            Block group = g % 5 == 0 ? TestDags.cbor("group " + g, leaves.toArray(Cid[]::new))
                    : TestDags.pb(1, "group " + g, leaves.toArray(Cid[]::new));
            store.put(group);
            groups.add(group.cid());
        }
        TestDags.Sample sample = TestDags.sample("interop");
        sample.putAll(store);
        groups.add(sample.root().cid());
        Block root = TestDags.pb(0, "root", groups.toArray(Cid[]::new));
        store.put(root);

        Path car = tmp.resolve("ferry.car");
        CarExporter.ExportResult exported;
        try (OutputStream out = Files.newOutputStream(car)) {
            exported = CarExporter.export(store, root.cid(), out);
        }
        assertThat(exported.blocks()).isGreaterThan(500);

        Run js = run("car/verify-car.mjs", car.toString());
        assertThat(js.exit()).as(js.err()).isZero();
        assertThat(js.values("root")).containsExactly(root.cid().toString());
        assertThat(Long.parseLong(js.values("count").getFirst())).isEqualTo(exported.blocks());

        // a CARv2 wrapping of ferry's CAR is read by @ipld/car too
        Path v2 = tmp.resolve("ferry-v2.car");
        Files.write(v2, CarTest.wrapV2(Files.readAllBytes(car), 0, new byte[0]));
        Run jsV2 = run("car/verify-car.mjs", v2.toString());
        assertThat(jsV2.exit()).as(jsV2.err()).isZero();
        assertThat(Long.parseLong(jsV2.values("count").getFirst())).isEqualTo(exported.blocks());

        // the script does fail on a corrupt block
        byte[] corrupt = Files.readAllBytes(car);
        corrupt[corrupt.length - 1] ^= 1;
        Path bad = tmp.resolve("corrupt.car");
        Files.write(bad, corrupt);
        Run jsBad = run("car/verify-car.mjs", bad.toString());
        assertThat(jsBad.exit()).isNotZero();
        assertThat(jsBad.err()).contains("verify-car:");
    }
}
