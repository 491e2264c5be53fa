package dev.ferry.exchange.ferry.oneshot;

import dev.ferry.identity.Did;
import dev.ferry.identity.PeerId;

/**
 * What the server hands an admitted, well-formed request from a did:key peer to; each protocol adapts its own public
 * handler interface to it. May throw or return null: the server then answers the protocol's handler-failed answer.
 */
@FunctionalInterface
public interface OneShotHandler<Q, A> {
    A handle(PeerId from, Did asker, Q request);
}
