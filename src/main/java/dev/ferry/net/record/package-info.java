/**
 * Signed records: libp2p's signed envelopes (RFC 0002) and peer records (RFC 0003), so that a peer's addresses can
 * travel through others (identify, gossipsub's peer exchange) and still be its own word.
 */
package dev.ferry.net.record;
