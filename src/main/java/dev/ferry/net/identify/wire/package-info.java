/**
 * Protobuf wire form of identify ({@code Identify}, generated from {@code src/main/proto/identify.proto}) and its
 * translation to {@link dev.ferry.net.identify.wire.IdentifyMessage}. Nothing outside this package sees generated
 * classes.
 */
package dev.ferry.net.identify.wire;
