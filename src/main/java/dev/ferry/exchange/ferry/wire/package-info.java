/**
 * Protobuf wire form of {@code /ferry/capabilities/1.0.0} ({@code SignedCapabilities}, {@code Record}, generated from
 * {@code src/main/proto/ferry_capabilities.proto}) and its translation to plain records
 * ({@link dev.ferry.exchange.ferry.wire.WireEnvelope}, {@link dev.ferry.exchange.ferry.wire.WireRecord}). Nothing outside
 * this package sees generated classes; the meaning of the fields is checked by
 * {@link dev.ferry.exchange.ferry.CapabilitiesCodec}. The format is described in {@link dev.ferry.exchange.ferry}.
 */
package dev.ferry.exchange.ferry.wire;
