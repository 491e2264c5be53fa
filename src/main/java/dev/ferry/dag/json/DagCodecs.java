package dev.ferry.dag.json;

import dev.ferry.dag.cbor.CborValue;
import dev.ferry.dag.cbor.DagCbor;
import dev.ferry.dag.pb.PbCodec;
import dev.ferry.multiformats.HashFunction;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;

/**
 * Kubo's {@code dag put} and {@code dag get} codecs: a node read in one codec ({@code --input-codec}, dag-json by
 * default) and stored in another ({@code --store-codec}, dag-cbor by default) as a CIDv1 block, and a data model
 * value written out in {@code dag-json} or {@code dag-cbor}. dag-pb is taken only as its own bytes (input and store
 * both dag-pb): its data model has a fixed shape that JSON input would seldom match.
 */
public final class DagCodecs {
    private DagCodecs() {
    }

    /**
     * The block of one node.
     *
     * @throws IllegalArgumentException for an unsupported codec pair, input that is not of its codec, or a block
     *                                  larger than {@code maxBlock}
     */
    public static Block put(byte[] input, String inputCodec, String storeCodec, int maxBlock) {
        return put(input, inputCodec, storeCodec, HashFunction.SHA2_256, maxBlock);
    }

    /**
     * The block of one node, its CID hashed with {@code hashFunction} (Kubo's {@code dag put --hash}).
     *
     * @throws IllegalArgumentException for an unsupported codec pair, input that is not of its codec, or a block
     *                                  larger than {@code maxBlock}
     */
    public static Block put(byte[] input, String inputCodec, String storeCodec, HashFunction hashFunction,
                            int maxBlock) {
        byte[] data;
        long code;
        try {
            if (storeCodec.equals("dag-pb") || inputCodec.equals("dag-pb")) {
                if (!storeCodec.equals(inputCodec)) {
                    throw new IllegalArgumentException("dag-pb is stored only from dag-pb input");
                }
                data = PbCodec.encode(PbCodec.decode(input));
                code = Multicodec.DAG_PB.code();
            } else {
                CborValue v = switch (inputCodec) {
                    case "dag-json" -> DagJson.decode(input);
                    case "dag-cbor" -> DagCbor.decode(input);
                    default -> throw new IllegalArgumentException("unsupported input codec " + inputCodec
                            + ": dag-json, dag-cbor or dag-pb");
                };
                data = switch (storeCodec) {
                    case "dag-cbor" -> DagCbor.encode(v);
                    case "dag-json" -> DagJson.encode(v);
                    default -> throw new IllegalArgumentException("unsupported store codec " + storeCodec
                            + ": dag-cbor, dag-json or dag-pb");
                };
                code = storeCodec.equals("dag-cbor") ? Multicodec.DAG_CBOR.code() : Multicodec.DAG_JSON.code();
            }
        } catch (DagJsonException | dev.ferry.dag.cbor.DagCborException | dev.ferry.dag.pb.DagPbException e) {
            throw new IllegalArgumentException("not " + inputCodec + ": " + e.getMessage(), e);
        }
        if (data.length > maxBlock) {
            throw new IllegalArgumentException("the node makes a block of " + data.length + " bytes (at most "
                    + maxBlock + ")");
        }
        return Block.create(1, code, hashFunction, data);
    }

    /**
     * {@code v} in {@code outputCodec}.
     *
     * @throws IllegalArgumentException for an unsupported codec
     */
    public static byte[] output(CborValue v, String outputCodec) {
        return switch (outputCodec) {
            case "dag-json" -> DagJson.encode(v);
            case "dag-cbor" -> DagCbor.encode(v);
            default -> throw new IllegalArgumentException("unsupported output codec " + outputCodec
                    + ": dag-json or dag-cbor");
        };
    }
}
