package dev.ferry.net.host;

/**
 * Serves one inbound stream of a protocol. Called on its own virtual thread per stream; may block. When it returns
 * the host closes the stream (flush + close); when it throws, the host resets it.
 */
@FunctionalInterface
public interface StreamHandler {
    void handle(NegotiatedStream stream) throws Exception;
}
