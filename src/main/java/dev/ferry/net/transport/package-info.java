/**
 * The bottom of the network stack: a {@link dev.ferry.net.transport.DuplexStream} (reliable ordered duplex bytes
 * with half-close and abort) and TCP over blocking sockets.
 *
 * <p>Every layer above (pnet, multistream, Noise, Yamux) consumes and produces {@code DuplexStream}s, so they
 * stack freely and can be tested over an in-memory pipe. This package depends on nothing else in {@code net}.
 *
 * <h2>TCP</h2>
 * {@link dev.ferry.net.transport.TcpTransport} listens on {@code /ip4|ip6/<addr>/tcp/<port>} (port 0 allowed; the
 * listener reports the bound port) and dials {@code /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>[/p2p/<id>]} with a
 * connect timeout (10 s by default). One virtual thread accepts; each accepted connection is handed to the handler on
 * its own virtual thread. A {@link dev.ferry.net.transport.TcpConnection} sets TCP_NODELAY, reads through a 4 KiB
 * buffer, and gathers output in a 64 KiB buffer borrowed from {@link dev.ferry.net.transport.BufferPool} only while
 * bytes wait (so an idle connection holds none): output leaves on {@code flush()}, half-close or close; close waits at most 1 s for buffered output and
 * then closes the socket, failing reads and writes blocked on other threads; reset closes with an RST.
 * Limits on the number of connections belong to the host's connection manager, not here.
 */
package dev.ferry.net.transport;
