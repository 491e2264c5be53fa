package dev.ferry.dag.walk;

import dev.ferry.dag.cbor.CborValue;
import dev.ferry.dag.cbor.CborValue.CborArray;
import dev.ferry.dag.cbor.CborValue.CborLink;
import dev.ferry.dag.cbor.CborValue.CborMap;
import dev.ferry.dag.cbor.CborValue.CborText;
import dev.ferry.dag.cbor.DagCbor;
import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbLink;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.multiformats.Multihash;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small DAGs for the walk, CAR and GC tests. */
public final class TestDags {
    private TestDags() {
    }

    public static Block raw(String text) {
        return Block.create(1, Multicodec.RAW.code(), text.getBytes(StandardCharsets.UTF_8));
    }

    public static Block pb(int version, String data, Cid... children) {
        List<PbLink> links = new ArrayList<>();
        for (int i = 0; i < children.length; i++) {
            links.add(PbLink.of(children[i], "", i));
        }
        byte[] bytes = PbCodec.encode(new PbNode(links, data.getBytes(StandardCharsets.UTF_8)));
        return Block.create(version, Multicodec.DAG_PB.code(), bytes);
    }

    public static Block cbor(String name, Cid... children) {
        Map<String, CborValue> m = new LinkedHashMap<>();
        m.put("name", new CborText(name));
        List<CborValue> links = new ArrayList<>();
        for (Cid c : children) {
            links.add(new CborLink(c));
        }
        m.put("links", new CborArray(links));
        return Block.create(1, Multicodec.DAG_CBOR.code(), DagCbor.encode(new CborMap(m)));
    }

    /** A dag-pb node inlined in an identity CID. */
    public static Block identityPb(Cid... children) {
        List<PbLink> links = new ArrayList<>();
        for (Cid c : children) {
            links.add(new PbLink(c, null, null));
        }
        byte[] bytes = PbCodec.encode(new PbNode(links, null));
        return new Block(Cid.v1(Multicodec.DAG_PB.code(), Multihash.identity(bytes)), bytes);
    }

    /**
     * A DAG with sharing, mixed codecs and an identity node:
     * <pre>
     * root(pb v0) -> [a(pb), b(cbor), a(again), id(identity pb)]
     * a -> [leaf1(raw), leaf2(raw)]
     * b -> [leaf2, leaf3(raw)]
     * id -> [leaf4(raw)]
     * </pre>
     * DFS pre-order: root, a, leaf1, leaf2, b, leaf3, id, leaf4.
     */
    public record Sample(Block root, Block a, Block b, Block id, Block leaf1, Block leaf2, Block leaf3, Block leaf4) {
        public List<Block> dfsOrder() {
            return List.of(root, a, leaf1, leaf2, b, leaf3, id, leaf4);
        }

        public void putAll(Blockstore store) {
            dfsOrder().forEach(store::put);
        }
    }

    public static Sample sample(String salt) {
        Block leaf1 = raw(salt + "leaf1");
        Block leaf2 = raw(salt + "leaf2");
        Block leaf3 = raw(salt + "leaf3");
        Block leaf4 = raw(salt + "leaf4");
        Block a = pb(1, salt + "a", leaf1.cid(), leaf2.cid());
        Block b = cbor(salt + "b", leaf2.cid(), leaf3.cid());
        Block id = identityPb(leaf4.cid());
        Block root = pb(0, salt + "root", a.cid(), b.cid(), a.cid(), id.cid());
        return new Sample(root, a, b, id, leaf1, leaf2, leaf3, leaf4);
    }
}
