/** The wire format of DCUtR ({@code /libp2p/dcutr}): the {@code HolePunch} message and its strict, bounded codec. */
package dev.ferry.net.dcutr.wire;
