/**
 * The pubsub RPC on the wire: {@code uvarint(length) ‖ protobuf RPC} frames, shared by floodsub and gossipsub, decoded
 * strictly under size caps.
 */
package dev.ferry.pubsub.wire;
