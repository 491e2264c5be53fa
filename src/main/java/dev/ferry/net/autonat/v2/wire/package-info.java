/**
 * Protobuf wire form of AutoNAT v2 (generated from {@code src/main/proto/autonat_v2.proto}) and its translation to
 * {@link dev.ferry.net.autonat.v2.wire.AutonatV2Message}, {@link dev.ferry.net.autonat.v2.wire.DialBack} and
 * {@link dev.ferry.net.autonat.v2.wire.DialBackResponse}. Nothing outside this package sees generated classes.
 */
package dev.ferry.net.autonat.v2.wire;
