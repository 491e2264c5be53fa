/**
 * libp2p private networks (PSK v1): a swarm of peers that share a 256-bit key and talk to nobody else.
 *
 * <p>{@link dev.ferry.net.pnet.SwarmKey} reads and writes the {@code swarm.key} file (header
 * {@code /key/swarm/psk/1.0.0/}, then {@code /base16/}, {@code /base64/} or {@code /bin/}, then the key) and computes
 * the fingerprint Kubo prints, so that members can compare keys without showing them.
 * {@link dev.ferry.net.pnet.PrivateNetworkStream} protects a raw connection before anything else is said on it: each
 * side sends a random 24-byte nonce and XORs everything after it with XSalsa20(key, own nonce); it reads with the
 * peer's nonce. A peer with another key or none reads noise, so the multistream negotiation that follows fails and
 * the connection is dropped; nothing about the network is learnt by an outsider beyond 24 random bytes.
 *
 * <p>The host applies it to every connection, dialled or accepted, when its {@link dev.ferry.net.host.HostConfig}
 * has a key. Depends on {@code crypto} and {@code net.transport} only.
 */
package dev.ferry.net.pnet;
