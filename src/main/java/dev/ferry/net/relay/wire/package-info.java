/**
 * Protobuf wire form of Circuit Relay v2 ({@code HopMessage}, {@code StopMessage} and the voucher, generated from
 * {@code src/main/proto/relay.proto}) and its translation to {@link dev.ferry.net.relay.wire.HopMessage},
 * {@link dev.ferry.net.relay.wire.StopMessage} and {@link dev.ferry.net.relay.wire.Voucher}. Nothing outside this
 * package sees generated classes.
 */
package dev.ferry.net.relay.wire;
