/**
 * The node's trust store ({@link dev.ferry.node.trust.TrustStore}): DIDs with a level 0–10 in
 * {@code <repo>/trust.json}, edited by {@code ferry trust}, read by the running node through
 * {@link dev.ferry.exchange.ferry.TrustLevels}. A connected peer's DID is the did:key of the key its Noise handshake
 * proved ({@link dev.ferry.exchange.ferry.PeerDids}); nothing a peer sends can claim another identity.
 *
 * <p>File format, locking and reload behaviour are described on {@link dev.ferry.node.trust.TrustStore}.
 */
package dev.ferry.node.trust;
