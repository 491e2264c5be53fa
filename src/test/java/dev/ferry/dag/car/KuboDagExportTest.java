package dev.ferry.dag.car;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** CARs written by Kubo's {@code ipfs dag export}: ferry reads them and exports byte-identical CARs. */
class KuboDagExportTest {

    static Stream<Arguments> kuboCars() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (InputStream in = KuboDagExportTest.class.getResourceAsStream("/vectors/dag/car-dag-export.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\\|");
                out.add(Arguments.of(f[0].strip(), Cid.parse(f[1].strip()), Integer.parseInt(f[2].strip()),
                        Base64.getDecoder().decode(f[3].strip())));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kuboCars")
    void readsKuboCarsAndExportsTheSameBytes(String name, Cid root, int blocks, byte[] car) throws IOException {
        try (CarReader r = CarReader.open(new ByteArrayInputStream(car))) {
            assertThat(r.version()).isEqualTo(1);
            assertThat(r.roots()).containsExactly(root);
        }
        List<Block> read = CarTest.readAll(car);
        assertThat(read).hasSize(blocks);
        assertThat(read.getFirst().cid()).isEqualTo(root);

        MemoryBlockstore store = new MemoryBlockstore();
        CarImporter.CarImportResult imported = CarImporter.importCar(new ByteArrayInputStream(car), store);
        assertThat(imported.blocks()).isEqualTo(blocks);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CarExporter.ExportResult exported = CarExporter.export(store, root, out);
        assertThat(exported.blocks()).isEqualTo(blocks);
        assertThat(out.toByteArray()).isEqualTo(car);
    }
}
