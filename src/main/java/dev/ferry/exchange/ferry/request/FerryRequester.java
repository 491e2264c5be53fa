package dev.ferry.exchange.ferry.request;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Blockstore;
import java.time.Duration;
import java.util.List;

/** The client side of {@code /ferry/request/1.0.0}. Thread-safe. */
public interface FerryRequester {
    /**
     * Asks {@code peer} for the DAG under {@code root}; every block received is verified, checked to belong to the
     * DAG, and stored in {@code into}.
     *
     * @param preferred the sources the peer may use, in the requester's order of preference
     * @param ttl       how many more hops a proxy fetch may take (0: the peer may not forward)
     * @param idle      how long to wait for the next block
     * @return the number of blocks of the DAG now in {@code into}
     * @throws FerryRequestException the peer refused (with its reason) or the transfer failed
     */
    long fetch(PeerId peer, Cid root, List<Source> preferred, int ttl, Blockstore into, Duration idle);
}
