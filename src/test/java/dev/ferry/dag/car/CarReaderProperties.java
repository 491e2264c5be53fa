package dev.ferry.dag.car;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class CarReaderProperties {

    @Provide
    Arbitrary<List<Block>> blockLists() {
        Arbitrary<Block> blocks = Arbitraries.bytes().array(byte[].class).ofMaxSize(300).flatMap(data ->
                Arbitraries.of(Block.raw(data), Block.create(0, Multicodec.DAG_PB.code(), data),
                        Block.create(1, Multicodec.DAG_CBOR.code(), data)));
        return blocks.list().ofMaxSize(8);
    }

    @Property(tries = 300)
    void writeThenReadRoundTrips(@ForAll("blockLists") List<Block> blocks, @ForAll boolean v2) throws IOException {
        List<Cid> roots = blocks.isEmpty() ? List.of() : List.of(blocks.get(0).cid());
        byte[] car = CarTest.write(roots, blocks);
        if (v2) {
            car = CarTest.wrapV2(car, 0, new byte[0]);
        }
        try (CarReader r = CarReader.open(new ByteArrayInputStream(car))) {
            assertThat(r.roots()).isEqualTo(roots);
            assertThat(r.version()).isEqualTo(v2 ? 2 : 1);
        }
        assertThat(CarTest.readAll(car)).containsExactlyElementsOf(blocks);
    }

    @Property(tries = 3000)
    void arbitraryBytesThrowOnlyCarException(@ForAll @Size(max = 120) byte[] bytes) throws IOException {
        readOrCarException(bytes);
    }

    @Property(tries = 2000)
    void arbitraryBytesAfterAValidHeaderThrowOnlyCarException(@ForAll @Size(max = 120) byte[] tail,
            @ForAll boolean v2) throws IOException {
        byte[] header = CarWriter.header(List.of(Cid.parse("bafkqaaa")));
        byte[] car = concat(header, tail);
        readOrCarException(v2 ? CarTest.wrapV2(car, 0, new byte[0]) : car);
    }

    @Property(tries = 2000)
    void mutatedCarsThrowOnlyCarException(@ForAll("blockLists") List<Block> blocks, @ForAll boolean v2,
            @ForAll int position, @ForAll byte value, @ForAll @IntRange(min = 0, max = 2) int mode)
            throws IOException {
        byte[] car = CarTest.write(blocks.isEmpty() ? List.of() : List.of(blocks.get(0).cid()), blocks);
        if (v2) {
            car = CarTest.wrapV2(car, 2, new byte[] {1, 2, 3});
        }
        int at = Math.floorMod(position, car.length);
        switch (mode) {
            case 0 -> car[at] = value;
            case 1 -> car = Arrays.copyOf(car, at);
            default -> car = concat(Arrays.copyOf(car, at), new byte[] {value},
                    Arrays.copyOfRange(car, at, car.length));
        }
        readOrCarException(car);
    }

    private static void readOrCarException(byte[] bytes) throws IOException {
        try (CarReader r = CarReader.open(new ByteArrayInputStream(bytes))) {
            int n = 0;
            for (Optional<Block> b = r.next(); b.isPresent(); b = r.next()) {
                // every block handed out verifies against its CID
                assertThat(b.get().cid().verifies(b.get().data())).isTrue();
                n++;
            }
            assertThat((long) n).isEqualTo(r.sectionsRead());
        } catch (CarException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
