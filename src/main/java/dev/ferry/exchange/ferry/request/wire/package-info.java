/**
 * Wire format of {@code /ferry/request/1.0.0} (generated protobuf classes and their strict translation to records);
 * the spec is in {@link dev.ferry.exchange.ferry.request}.
 */
package dev.ferry.exchange.ferry.request.wire;
