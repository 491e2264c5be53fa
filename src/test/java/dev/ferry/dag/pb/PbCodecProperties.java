package dev.ferry.dag.pb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class PbCodecProperties {

    @Provide
    Arbitrary<PbNode> nodes() {
        Arbitrary<Cid> cids = Arbitraries.bytes().array(byte[].class).ofMaxSize(40).flatMap(b -> Arbitraries.of(
                Cid.of(0, Multicodec.DAG_PB.code(), b), Cid.of(1, Multicodec.RAW.code(), b),
                Cid.of(1, Multicodec.DAG_CBOR.code(), b)));
        Arbitrary<String> names = Arbitraries.strings()
                .withCharRange('\u0000', '\ud7ff').withCharRange('\ue000', '\uffff')
                .ofMaxLength(24).injectNull(0.2);
        Arbitrary<Long> sizes = Arbitraries.longs().between(0, Long.MAX_VALUE).injectNull(0.2);
        Arbitrary<PbLink> links = Combinators.combine(cids, names, sizes).as(PbLink::new);
        Arbitrary<byte[]> data = Arbitraries.bytes().array(byte[].class).ofMaxSize(300).injectNull(0.3);
        return Combinators.combine(links.list().ofMaxSize(12), data).as(PbNode::new);
    }

    @Property
    void roundTrip(@ForAll("nodes") PbNode node) {
        byte[] block = PbCodec.encode(node);
        assertThat(PbCodec.decode(block)).isEqualTo(node);
        assertThat(PbCodec.encode(PbCodec.decode(block))).isEqualTo(block);
    }

    @Property(tries = 2000)
    void arbitraryBytesThrowOnlyDagPbException(@ForAll @Size(max = 200) byte[] bytes) {
        decodeOrDagPbException(bytes);
    }

    @Property(tries = 2000)
    void mutatedBlocksThrowOnlyDagPbException(@ForAll("nodes") PbNode node, @ForAll int position, @ForAll byte value,
            @ForAll boolean truncate) {
        byte[] block = PbCodec.encode(node);
        if (block.length == 0) {
            return;
        }
        int at = Math.floorMod(position, block.length);
        if (truncate) {
            block = java.util.Arrays.copyOf(block, at);
        } else {
            block[at] = value;
        }
        decodeOrDagPbException(block);
    }

    /** The links-only decoder accepts exactly what the full decoder accepts, with the same links. */
    @Property(tries = 2000)
    void linksAgreeWithDecode(@ForAll("nodes") PbNode node, @ForAll int position, @ForAll byte value,
            @ForAll("mutations") int mutation) {
        byte[] block = PbCodec.encode(node);
        if (block.length > 0 && mutation > 0) {
            int at = Math.floorMod(position, block.length);
            if (mutation == 1) {
                block = java.util.Arrays.copyOf(block, at);
            } else {
                block[at] = value;
            }
        }
        java.util.List<PbLink> expected;
        try {
            expected = PbCodec.decode(block).links();
        } catch (DagPbException e) {
            byte[] rejected = block;
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> PbCodec.links(rejected))
                    .isInstanceOf(DagPbException.class).hasMessage(e.getMessage());
            return;
        }
        assertThat(PbCodec.links(block)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<Integer> mutations() {
        return Arbitraries.of(0, 1, 2);
    }

    private static void decodeOrDagPbException(byte[] bytes) {
        try {
            PbNode node = PbCodec.decode(bytes);
            // whatever decodes must encode again (possibly in canonical order) and decode to the same node
            assertThat(PbCodec.decode(PbCodec.encode(node))).isEqualTo(node);
        } catch (DagPbException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

}
