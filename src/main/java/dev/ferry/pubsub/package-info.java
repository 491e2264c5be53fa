/**
 * Publish/subscribe: gossipsub v1.1 with floodsub, interoperable with Kubo and js-libp2p peers ({@link
 * dev.ferry.pubsub.Pubsub}); signed messages ({@link dev.ferry.pubsub.MessageSigning}); the wire format in
 * {@code wire}. Sits on the libp2p host, below routing: it knows peers and topics, not content.
 */
package dev.ferry.pubsub;
