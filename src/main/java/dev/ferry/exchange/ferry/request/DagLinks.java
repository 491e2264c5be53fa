package dev.ferry.exchange.ferry.request;

import dev.ferry.exchange.ferry.request.wire.PbLinks;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import java.util.List;

/**
 * Reads the links of a block, for the answer order (the exchange layer cannot see the dag codecs, so the node hands
 * the full reader in: {@code (cid, data) -> dev.ferry.dag.walk.Links.supports(cid.codec()) ?
 * Links.of(cid, data) : List.of()}). Both sides of a transfer must read links alike; a block whose links cannot be read is
 * a leaf (return an empty list, or throw: an exception is taken as "no links"). Thread-safe and stateless.
 */
@FunctionalInterface
public interface DagLinks {
    /** dag-pb links only (raw and every other codec are leaves): the built-in reader when none is given. */
    DagLinks DAG_PB_ONLY = PbLinks::of;

    /** The links of {@code data}, the bytes of {@code cid}; they may be unverified (the server reads what it sends). */
    List<Cid> linksOf(Cid cid, byte[] data);

    default List<Cid> linksOf(Block block) {
        return linksOf(block.cid(), block.data());
    }
}
