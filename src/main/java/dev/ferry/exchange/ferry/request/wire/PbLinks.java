package dev.ferry.exchange.ferry.request.wire;

import com.google.protobuf.CodedInputStream;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The links of a dag-pb block ({@code PBNode.Links[].Hash}, in order), for the built-in answer order; any other codec,
 * and a dag-pb block that does not parse, has none. Never throws.
 */
public final class PbLinks {
    private static final long DAG_PB = 0x70;

    private PbLinks() {}

    public static List<Cid> of(Block block) {
        return of(block.cid(), block.data());
    }

    /** The links of {@code data} read under {@code cid}'s codec (the bytes need not be verified). */
    public static List<Cid> of(Cid cid, byte[] data) {
        if (cid.codec() != DAG_PB) {
            return List.of();
        }
        List<Cid> out = new ArrayList<>();
        try {
            CodedInputStream in = CodedInputStream.newInstance(data);
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (tag == (2 << 3 | 2)) {
                    out.add(hashOf(CodedInputStream.newInstance(in.readByteArray())));
                } else if (!in.skipField(tag)) {
                    return List.of();
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static Cid hashOf(CodedInputStream link) throws IOException {
        Cid hash = null;
        for (int tag = link.readTag(); tag != 0; tag = link.readTag()) {
            if (tag == (1 << 3 | 2)) {
                hash = Cid.decode(link.readByteArray());
            } else if (!link.skipField(tag)) {
                throw new IOException("end-group tag in a link");
            }
        }
        if (hash == null) {
            throw new IOException("link without a hash");
        }
        return hash;
    }
}
