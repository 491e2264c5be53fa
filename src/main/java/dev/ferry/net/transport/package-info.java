/**
 * The bottom of the network stack: a {@link dev.ferry.net.transport.DuplexStream} (reliable ordered duplex bytes
 * with half-close and abort) and TCP over blocking sockets.
 *
 * <p>Every layer above (pnet, multistream, Noise, Yamux) consumes and produces {@code DuplexStream}s, so they
 * stack freely and can be tested over an in-memory pipe. This package depends on nothing else in {@code net}.
 */
package dev.ferry.net.transport;
