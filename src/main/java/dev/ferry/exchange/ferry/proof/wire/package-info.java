/**
 * Wire format of {@code /ferry/proof/1.0.0} (generated protobuf classes and their strict translation to records); the
 * spec is in {@link dev.ferry.exchange.ferry.proof}.
 */
package dev.ferry.exchange.ferry.proof.wire;
