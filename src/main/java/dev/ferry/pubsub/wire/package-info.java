/**
 * The pubsub RPC on the wire: {@code uvarint(length) ‖ protobuf RPC} frames, shared by floodsub and gossipsub,
 * decoded strictly under size caps into records ({@link dev.ferry.pubsub.wire.Rpc}); the generated protobuf classes
 * stay in this package.
 */
package dev.ferry.pubsub.wire;
