/**
 * Protobuf wire form of AutoNAT v1 ({@code Message}, generated from {@code src/main/proto/autonat.proto}) and its
 * translation to {@link dev.ferry.net.autonat.wire.AutonatMessage}. Nothing outside this package sees generated
 * classes.
 */
package dev.ferry.net.autonat.wire;
