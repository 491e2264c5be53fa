package dev.ferry.dag.car;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.walk.MissingBlockException;
import dev.ferry.dag.walk.TestDags;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CarTest {
    private static final HexFormat HEX = HexFormat.of();
    // SPECS.md §19
    private static final String HEADER = "19a265726f6f747381d82a4500015500006776657273696f6e01";
    private static final String HELLO_SECTION = "3001551220a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a4476"
            + "8656c6c6f20776f726c640a";

    static byte[] write(List<Cid> roots, List<Block> blocks) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CarWriter w = CarWriter.open(out, roots)) {
            for (Block b : blocks) {
                w.write(b);
            }
        }
        return out.toByteArray();
    }

    static byte[] wrapV2(byte[] v1, int padding, byte[] trailer) {
        CarV2Header h = new CarV2Header(0, 0, CarV2Header.MIN_DATA_OFFSET + padding, v1.length,
                trailer.length == 0 ? 0 : CarV2Header.MIN_DATA_OFFSET + padding + v1.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(CarV2Header.PRAGMA);
        out.writeBytes(h.encode());
        out.writeBytes(new byte[padding]);
        out.writeBytes(v1);
        out.writeBytes(trailer);
        return out.toByteArray();
    }

    static List<Block> readAll(byte[] car) throws IOException {
        List<Block> blocks = new ArrayList<>();
        try (CarReader r = CarReader.open(new ByteArrayInputStream(car))) {
            for (Optional<Block> b = r.next(); b.isPresent(); b = r.next()) {
                blocks.add(b.get());
            }
        }
        return blocks;
    }

    private static Block hello() {
        return Block.raw("hello world\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void headerAndSectionVectorsFromSpecs() throws IOException {
        assertThat(HEX.formatHex(CarWriter.header(List.of(Cid.parse("bafkqaaa"))))).isEqualTo(HEADER);
        assertThat(hello().cid().toString()).isEqualTo("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");
        byte[] car = write(List.of(Cid.parse("bafkqaaa")), List.of(hello()));
        assertThat(HEX.formatHex(car)).isEqualTo(HEADER + HELLO_SECTION);
    }

    @Test
    void readsTheVectorCar() throws IOException {
        try (CarReader r = CarReader.open(new ByteArrayInputStream(HEX.parseHex(HEADER + HELLO_SECTION)))) {
            assertThat(r.version()).isEqualTo(1);
            assertThat(r.roots()).containsExactly(Cid.parse("bafkqaaa"));
            assertThat(r.v2Header()).isEmpty();
            Block b = r.next().orElseThrow();
            assertThat(b).isEqualTo(hello());
            assertThat(new String(b.data(), StandardCharsets.UTF_8)).isEqualTo("hello world\n");
            assertThat(r.next()).isEmpty();
            assertThat(r.next()).isEmpty();
            assertThat(r.sectionsRead()).isEqualTo(1);
        }
    }

    @Test
    void identityBlocksAreNeverWritten() throws IOException {
        Block id = new Block(Cid.parse("bafkqaaa"), new byte[0]);
        byte[] car = write(List.of(id.cid()), List.of(id, hello()));
        assertThat(HEX.formatHex(car)).isEqualTo(HEADER + HELLO_SECTION);
    }

    @Test
    void v0CidsAndSeveralRootsRoundTrip() throws IOException {
        TestDags.Sample s = TestDags.sample("car");
        List<Cid> roots = List.of(s.root().cid(), s.b().cid());
        byte[] car = write(roots, s.dfsOrder());
        try (CarReader r = CarReader.open(new ByteArrayInputStream(car))) {
            assertThat(r.roots()).isEqualTo(roots);
            assertThat(r.roots().get(0).version()).isZero();
        }
        assertThat(readAll(car)).containsExactlyElementsOf(s.dfsOrder().stream()
                .filter(b -> !b.cid().isIdentity()).toList());
    }

    @Test
    void emptyRootsAndNoSectionsAreFine() throws IOException {
        byte[] car = write(List.of(), List.of());
        assertThat(HEX.formatHex(car)).isEqualTo("11a265726f6f7473806776657273696f6e01");
        assertThat(readAll(car)).isEmpty();
    }

    @Test
    void readsCarV2WithPaddingAndAnIndexAfterTheData() throws IOException {
        byte[] v1 = HEX.parseHex(HEADER + HELLO_SECTION);
        for (int padding : new int[] {0, 7}) {
            byte[] v2 = wrapV2(v1, padding, HEX.parseHex("0102030405060708090a"));
            try (CarReader r = CarReader.open(new ByteArrayInputStream(v2))) {
                assertThat(r.version()).isEqualTo(2);
                assertThat(r.roots()).containsExactly(Cid.parse("bafkqaaa"));
                CarV2Header h = r.v2Header().orElseThrow();
                assertThat(h.dataOffset()).isEqualTo(51 + padding);
                assertThat(h.dataSize()).isEqualTo(v1.length);
                assertThat(h.fullyIndexed()).isFalse();
                assertThat(r.next()).contains(hello());
                assertThat(r.next()).isEmpty();
            }
        }
    }

    @Test
    void carV2HeaderEncoding() {
        CarV2Header h = new CarV2Header(1L << 63, 0, 51, 0x0102, 0x0203);
        assertThat(HEX.formatHex(h.encode())).isEqualTo("8000000000000000" + "0000000000000000"
                + "3300000000000000" + "0201000000000000" + "0302000000000000");
        assertThat(CarV2Header.decode(h.encode())).isEqualTo(h);
        assertThat(h.fullyIndexed()).isTrue();
        assertThatThrownBy(() -> CarV2Header.decode(new CarV2Header(0, 0, 50, 1, 0).encode()))
                .isInstanceOf(CarException.class).hasMessageContaining("inside the header");
        assertThatThrownBy(() -> CarV2Header.decode(new CarV2Header(0, 0, 51, 10, 55).encode()))
                .isInstanceOf(CarException.class).hasMessageContaining("overlaps");
        assertThatThrownBy(() -> CarV2Header.decode(new CarV2Header(0, 0, 51, -1, 0).encode()))
                .isInstanceOf(CarException.class).hasMessageContaining("out of range");
    }

    @Test
    void everyTruncationOfACarV1IsRejectedOrEndsOnASectionBoundary() throws IOException {
        TestDags.Sample s = TestDags.sample("trunc");
        List<Block> blocks = s.dfsOrder().stream().filter(b -> !b.cid().isIdentity()).toList();
        byte[] car = write(List.of(s.root().cid()), blocks);
        Set<Integer> boundaries = new HashSet<>();
        int offset = CarWriter.header(List.of(s.root().cid())).length;
        boundaries.add(offset);
        for (Block b : blocks) {
            int len = b.cid().bytes().length + b.size();
            offset += dev.ferry.multiformats.Varint.size(len) + len;
            boundaries.add(offset);
        }
        assertThat(offset).isEqualTo(car.length);
        for (int cut = 0; cut < car.length; cut++) {
            byte[] prefix = Arrays.copyOf(car, cut);
            if (boundaries.contains(cut)) {
                assertThat(readAll(prefix)).hasSizeLessThan(blocks.size());
            } else {
                assertThatThrownBy(() -> readAll(prefix)).as("cut at %d", cut).isInstanceOf(CarException.class)
                        .hasMessageStartingWith("truncated CAR:");
            }
        }
    }

    @Test
    void everyTruncationOfACarV2IsRejected() {
        byte[] v2 = wrapV2(HEX.parseHex(HEADER + HELLO_SECTION), 3, new byte[0]);
        for (int cut = 0; cut < v2.length; cut++) {
            byte[] prefix = Arrays.copyOf(v2, cut);
            assertThatThrownBy(() -> readAll(prefix)).as("cut at %d", cut).isInstanceOf(CarException.class)
                    .hasMessageStartingWith("truncated CAR:");
        }
    }

    @Test
    void aCarV2DataSizeThatCutsASectionIsRejected() {
        byte[] v1 = HEX.parseHex(HEADER + HELLO_SECTION);
        byte[] v2 = wrapV2(v1, 0, new byte[0]);
        // shrink the declared data size by 5: the last section no longer fits
        v2[11 + 24] = (byte) (v1.length - 5);
        assertThatThrownBy(() -> readAll(v2)).isInstanceOf(CarException.class)
                .hasMessageStartingWith("truncated CAR:");
    }

    @Test
    void aCorruptBlockIsRejectedNamingItsCid() {
        byte[] car = HEX.parseHex(HEADER + HELLO_SECTION);
        car[car.length - 2] ^= 1;
        assertThatThrownBy(() -> readAll(car)).isInstanceOf(CarException.class)
                .hasMessageContaining("does not match its CID")
                .hasMessageContaining("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");
    }

    @Test
    void aSectionErrorIsSticky() throws IOException {
        byte[] car = HEX.parseHex(HEADER + HELLO_SECTION);
        car[car.length - 2] ^= 1;
        try (CarReader r = CarReader.open(new ByteArrayInputStream(car))) {
            CarException first = org.junit.jupiter.api.Assertions.assertThrows(CarException.class, r::next);
            CarException second = org.junit.jupiter.api.Assertions.assertThrows(CarException.class, r::next);
            assertThat(second).isSameAs(first);
        }
    }

    @Test
    void extraBytesAfterTheLastSectionAreRejected() {
        for (String extra : new String[] {"00", "05", "0501", "ff", "0a0102030405060708090a"}) {
            byte[] car = HEX.parseHex(HEADER + HELLO_SECTION + extra);
            assertThatThrownBy(() -> readAll(car)).as(extra).isInstanceOf(CarException.class);
        }
    }

    @Test
    void malformedHeadersAreRejected() {
        String[][] cases = {
            {"", "truncated CAR: no header"},
            {"00", "empty header"},
            {"19a265726f6f747381d82a4500015500006776657273696f6e03", "unsupported CAR version 3"},
            {"0a6776657273696f6e0102", "trailing bytes"},
            {"0aa16776657273696f6e01", "no roots array"},
            {"0aa16776657273696f6e02", "truncated CAR"},
            {"13a265726f6f7473816161" + "6776657273696f6e01", "roots must all be CIDs"},
            {"11a265726f6f747380" + "6776657273696f6e02", "CARv2 pragma where a CARv1 header"},
            {"12a265726f6f747380" + "6776657273696f6e01" + "00", "trailing bytes"},
            {"13a265726f6f747380" + "6776657273696f6e01", "truncated CAR"},
            {"14a365726f6f747380617801" + "6776657273696f6e01", "not in canonical order"},
            {"14a3617801" + "65726f6f747380" + "6776657273696f6e01", "unknown key \"x\""},
            {"0180", "not a map"},
            {"ffffff7f", "above the cap"},
            {"8000", "non-minimal varint"},
        };
        for (String[] c : cases) {
            byte[] car = HEX.parseHex(c[0]);
            assertThatThrownBy(() -> readAll(car)).as(c[0]).isInstanceOf(CarException.class)
                    .hasMessageContaining(c[1]);
        }
    }

    @Test
    void oversizedAndZeroLengthSectionsAreRejectedBeforeAllocating() {
        assertThatThrownBy(() -> readAll(HEX.parseHex(HEADER + "80808101"))).isInstanceOf(CarException.class)
                .hasMessageContaining("above the cap");
        assertThatThrownBy(() -> readAll(HEX.parseHex(HEADER + "00"))).isInstanceOf(CarException.class)
                .hasMessageContaining("zero-length section");
        assertThatThrownBy(() -> readAll(HEX.parseHex(HEADER + "050102030405"))).isInstanceOf(CarException.class)
                .hasMessageContaining("invalid CID");
    }

    @Test
    void aBlockAtTheSizeCapIsReadItsTwinAboveIsNot() throws IOException {
        Block big = Block.raw(new byte[CarReader.MAX_BLOCK_SIZE]);
        assertThat(readAll(write(List.of(big.cid()), List.of(big)))).containsExactly(big);
        Block tooBig = Block.raw(new byte[CarReader.MAX_BLOCK_SIZE + 1]);
        byte[] car = write(List.of(tooBig.cid()), List.of(tooBig));
        assertThatThrownBy(() -> readAll(car)).isInstanceOf(CarException.class).hasMessageContaining("above the cap");
    }

    @Test
    void exportWritesTheDagDepthFirstWithoutDuplicatesOrIdentityBlocks() throws IOException {
        MemoryBlockstore store = new MemoryBlockstore();
        TestDags.Sample s = TestDags.sample("export");
        s.putAll(store);
        TestDags.sample("unrelated").putAll(store);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CarExporter.ExportResult r = CarExporter.export(store, s.root().cid(), out);
        List<Block> expected = s.dfsOrder().stream().filter(b -> !b.cid().isIdentity()).toList();
        assertThat(r.blocks()).isEqualTo(expected.size());
        assertThat(r.bytes()).isEqualTo(out.size());
        assertThat(readAll(out.toByteArray())).containsExactlyElementsOf(expected);
        try (CarReader reader = CarReader.open(new ByteArrayInputStream(out.toByteArray()))) {
            assertThat(reader.roots()).containsExactly(s.root().cid());
        }
    }

    @Test
    void exportFailsOnAMissingBlock() {
        MemoryBlockstore store = new MemoryBlockstore();
        TestDags.Sample s = TestDags.sample("export");
        s.putAll(store);
        store.delete(s.leaf3().cid());
        assertThatThrownBy(() -> CarExporter.export(store, s.root().cid(), new ByteArrayOutputStream()))
                .isInstanceOf(MissingBlockException.class).hasMessageContaining(s.leaf3().cid().toString());
    }

    @Test
    void importRoundTripsThroughAMemoryBlockstore() throws IOException {
        MemoryBlockstore source = new MemoryBlockstore();
        TestDags.Sample s = TestDags.sample("import");
        s.putAll(source);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CarExporter.export(source, s.root().cid(), out);

        MemoryBlockstore target = new MemoryBlockstore();
        CarImporter.CarImportResult r = CarImporter.importCar(new ByteArrayInputStream(out.toByteArray()), target);
        assertThat(r.roots()).containsExactly(s.root().cid());
        assertThat(r.blocks()).isEqualTo(7);
        assertThat(target.count()).isEqualTo(7);
        for (Block b : s.dfsOrder()) {
            assertThat(target.get(b.cid())).contains(b);
        }
        // and the re-export is byte-identical
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        CarExporter.export(target, s.root().cid(), again);
        assertThat(again.toByteArray()).isEqualTo(out.toByteArray());
    }

    @Test
    void importStoresNothingUnverified() throws IOException {
        Block good = TestDags.raw("good");
        Block bad = TestDags.raw("bad");
        byte[] car = write(List.of(good.cid()), List.of(good, bad, TestDags.raw("after")));
        // corrupt the last byte of the second block's data
        int secondEnd = CarWriter.header(List.of(good.cid())).length + 1 + good.cid().bytes().length + good.size()
                + 1 + bad.cid().bytes().length + bad.size();
        car[secondEnd - 1] ^= 0x20;
        MemoryBlockstore target = new MemoryBlockstore();
        assertThatThrownBy(() -> CarImporter.importCar(new ByteArrayInputStream(car), target))
                .isInstanceOf(CarException.class).hasMessageContaining(bad.cid().toString());
        assertThat(target.has(good.cid())).isTrue();
        assertThat(target.has(bad.cid())).isFalse();
        assertThat(target.count()).isEqualTo(1);
    }
}
