/**
 * Protobuf wire form of the libp2p Noise handshake payload ({@code NoiseHandshakePayload}, generated from
 * {@code src/main/proto/noise_payload.proto}) and its translation to {@link
 * dev.ferry.net.security.noise.wire.NoisePayload}. Nothing outside this package sees generated classes.
 */
package dev.ferry.net.security.noise.wire;
