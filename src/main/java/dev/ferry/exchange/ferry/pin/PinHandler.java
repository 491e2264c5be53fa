package dev.ferry.exchange.ferry.pin;

import dev.ferry.exchange.ferry.pin.wire.PinReply;
import dev.ferry.exchange.ferry.pin.wire.PinRequest;
import dev.ferry.identity.Did;
import dev.ferry.identity.PeerId;

/**
 * Decides what to do with a peer's pin request; the node layer implements it ({@link PinService} only speaks the
 * protocol).
 *
 * <p>Called on the request stream's virtual thread, possibly for several requests at once (implementations must be
 * thread-safe), and only for admitted, well-formed requests from a peer whose key has a did:key form. It must answer
 * promptly: a PIN that needs a fetch starts it in the background and answers {@link
 * dev.ferry.exchange.ferry.pin.wire.PinState#PINNING PINNING}; the asker polls with STATUS. A handler that throws
 * (or returns null) makes the service answer FAILED with a generic message; the exception is logged at debug level
 * and never reaches the peer.
 */
@FunctionalInterface
public interface PinHandler {
    /**
     * @param from      the asking peer (the connection's remote peer ID)
     * @param requester the did:key of the key that peer's connection proved
     * @param request   the decoded request
     * @return the reply to send, not null
     */
    PinReply handle(PeerId from, Did requester, PinRequest request);
}
