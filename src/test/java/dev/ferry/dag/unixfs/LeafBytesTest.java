package dev.ferry.dag.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbNode;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The importer's one-pass leaf encoding produces exactly the bytes of the general codecs. */
class LeafBytesTest {
    @Test
    void sameBytesAsTheCodecs() {
        Random rnd = new Random(5);
        for (int n : new int[] {1, 127, 128, 16383, 16384, 262143, 262144, 1 << 20}) {
            byte[] chunk = new byte[n];
            rnd.nextBytes(chunk);
            for (UnixfsType t : new UnixfsType[] {UnixfsType.FILE, UnixfsType.RAW}) {
                UnixfsData d = t == UnixfsType.RAW ? UnixfsData.rawLeaf(chunk) : UnixfsData.fileLeaf(chunk);
                byte[] expected = PbCodec.encode(PbNode.ofData(UnixfsDataCodec.encode(d)));
                assertThat(FileBuilder.leafBytes(chunk, t)).as("%d bytes, %s", n, t).isEqualTo(expected);
            }
        }
    }
}
