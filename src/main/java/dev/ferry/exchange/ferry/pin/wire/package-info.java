/**
 * Wire format of {@code /ferry/pin/1.0.0} (generated protobuf classes and their strict translation to records); the
 * spec is in {@link dev.ferry.exchange.ferry.pin}.
 */
package dev.ferry.exchange.ferry.pin.wire;
