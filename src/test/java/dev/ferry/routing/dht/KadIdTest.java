package dev.ferry.routing.dht;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Cid;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class KadIdTest {
    @Test
    void theIpfsSpecsVectors() {
        Cid cid = Cid.parse("bafybeihfg3d7rdltd43u3tfvncx7n5loqofbsobojcadtmokrljfthuc7y");
        assertThat(KadId.of(cid.multihash().bytes()).toString())
                .isEqualTo("d623250f3f660ab4c3a53d3c97b3f6a0194c548053488d093520206248253bcb");
        byte[] peer = HexFormat.of().parseHex("0024080112209e3b433cbd31c2b8a6ebbdca998bd0f4c2141c9c9af5422e976051b1e63af14d");
        assertThat(KadId.of(peer).toString())
                .isEqualTo("e43d28f0996557c0d5571d75c62a57a59d7ac1d30a51ecedcdb9d5e4afa56100");
    }

    @Test
    void prefixesAndDistances() {
        KadId a = KadId.of(new byte[] {1});
        assertThat(a.commonPrefixLength(a)).isEqualTo(256);
        List<KadId> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add(KadId.of(new byte[] {(byte) i, 7}));
        }
        KadId target = ids.get(17);
        ids.sort(KadId.byDistanceTo(target));
        assertThat(ids.getFirst()).isEqualTo(target);
        // nearer means a prefix at least as long
        for (int i = 1; i < ids.size(); i++) {
            assertThat(ids.get(i - 1).commonPrefixLength(target)).isGreaterThanOrEqualTo(
                    ids.get(i).commonPrefixLength(target));
        }
        byte[] x = a.bytes();
        byte[] y = x.clone();
        y[3] ^= 0x10; // first difference at bit 3*8+3
        assertThat(a.commonPrefixLength(new KadIdProbe(y).id())).isEqualTo(27);
    }

    /** A point with chosen bytes (the digest of nothing in particular), for prefix arithmetic. */
    private record KadIdProbe(byte[] bytes) {
        KadId id() {
            try {
                var c = KadId.class.getDeclaredConstructor(byte[].class);
                c.setAccessible(true);
                return c.newInstance((Object) bytes);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
    }
}
