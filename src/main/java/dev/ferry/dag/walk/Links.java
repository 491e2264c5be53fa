package dev.ferry.dag.walk;

import dev.ferry.dag.cbor.DagCbor;
import dev.ferry.dag.cbor.DagCborException;
import dev.ferry.dag.json.DagJson;
import dev.ferry.dag.json.DagJsonException;
import dev.ferry.dag.pb.DagPbException;
import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbLink;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import java.util.List;

/** Finds the CIDs a block links to, by the codec of its CID. Stateless and thread-safe. */
public final class Links {
    private Links() {
    }

    /**
     * The links of {@code block} in the order they appear in its bytes (duplicates kept): dag-pb Links, dag-cbor tag-42
     * links, dag-json {@code {"/": "cid"}} objects, none for raw and libp2p-key. An identity CID's block holds the
     * inlined bytes, decoded the same way.
     *
     * @throws LinkDecodeException when the bytes do not decode under the codec, or the codec is not supported
     */
    public static List<Cid> of(Block block) {
        return of(block.cid(), block.data());
    }

    /**
     * The links of the bytes {@code data} read under {@code cid}'s codec, as {@link #of(Block)} reads them; the bytes
     * need not be verified (a server reads the links of what it sends, and the receiver verifies it).
     *
     * @throws LinkDecodeException when the bytes do not decode under the codec, or the codec is not supported
     */
    public static List<Cid> of(Cid cid, byte[] data) {
        long codec = cid.codec();
        try {
            if (codec == Multicodec.DAG_PB.code()) {
                return PbCodec.links(data).stream().map(PbLink::hash).toList();
            }
            if (codec == Multicodec.DAG_CBOR.code()) {
                return DagCbor.links(data);
            }
            if (codec == Multicodec.DAG_JSON.code()) {
                return DagJson.links(data);
            }
            if (codec == Multicodec.RAW.code() || codec == Multicodec.LIBP2P_KEY.code()) {
                return List.of();
            }
        } catch (DagPbException | DagCborException | DagJsonException | IllegalArgumentException e) {
            throw new LinkDecodeException(cid, "block " + cid + " does not decode: " + e.getMessage(), e);
        }
        String name = Multicodec.byCode(codec).map(Multicodec::codecName).orElse("0x" + Long.toHexString(codec));
        throw new LinkDecodeException(cid, "cannot read links of " + cid + ": codec " + name + " is not supported",
                null);
    }

    /** True when {@link #of} can read links of blocks with this codec. */
    public static boolean supports(long codec) {
        return codec == Multicodec.DAG_PB.code() || codec == Multicodec.DAG_CBOR.code()
                || codec == Multicodec.DAG_JSON.code() || codec == Multicodec.RAW.code()
                || codec == Multicodec.LIBP2P_KEY.code();
    }
}
