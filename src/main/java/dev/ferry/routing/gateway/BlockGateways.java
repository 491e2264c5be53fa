package dev.ferry.routing.gateway;

import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.net.URI;
import java.util.List;

/**
 * HTTP sources of verified blocks and DAGs: the configured trustless gateways ({@link GatewayPool}), and providers
 * found to serve content over HTTP ({@link ProviderGateways}). Everything handed out or stored is verified.
 */
public interface BlockGateways {
    /** Whether there is nobody to ask right now. */
    boolean isEmpty();

    /**
     * Whether gateways may come later (providers found while a fetch runs); a fetcher keeps room for them. A fixed,
     * empty set never has any.
     */
    default boolean mayGainGateways() {
        return false;
    }

    /** The gateways that can be asked now. */
    List<URI> gateways();

    /**
     * One block, verified. Stores nothing.
     *
     * @throws GatewayException no gateway delivered (NO_GATEWAY when none could be asked)
     */
    Block fetchBlock(Cid cid);

    /**
     * Makes the DAG under {@code root} in {@code scope} complete in {@code into}, every stored block verified and a
     * member of the DAG.
     *
     * @return the number of distinct blocks of the scoped DAG
     * @throws GatewayException when no gateway made it complete
     */
    long fetchDag(Cid root, DagScope scope, Blockstore into);

    /** The first set's gateways, then the second's: each is asked when the one before could not deliver. */
    static BlockGateways inOrder(BlockGateways first, BlockGateways then) {
        return new BlockGateways() {
            @Override
            public boolean isEmpty() {
                return first.isEmpty() && then.isEmpty();
            }

            @Override
            public boolean mayGainGateways() {
                return first.mayGainGateways() || then.mayGainGateways();
            }

            @Override
            public List<URI> gateways() {
                return java.util.stream.Stream.concat(first.gateways().stream(), then.gateways().stream()).toList();
            }

            @Override
            public Block fetchBlock(Cid cid) {
                return either(() -> first.fetchBlock(cid), () -> then.fetchBlock(cid));
            }

            @Override
            public long fetchDag(Cid root, DagScope scope, Blockstore into) {
                return either(() -> first.fetchDag(root, scope, into), () -> then.fetchDag(root, scope, into));
            }

            private <T> T either(java.util.function.Supplier<T> a, java.util.function.Supplier<T> b) {
                GatewayException firstFailure = null;
                if (!first.isEmpty()) {
                    try {
                        return a.get();
                    } catch (GatewayException e) {
                        if (e.kind() == GatewayException.Kind.CANCELLED) {
                            throw e;
                        }
                        firstFailure = e;
                    }
                }
                if (then.isEmpty() && firstFailure != null) {
                    throw firstFailure;
                }
                try {
                    return b.get();
                } catch (GatewayException e) {
                    if (firstFailure != null) {
                        e.addSuppressed(firstFailure);
                    }
                    throw e;
                }
            }
        };
    }
}
