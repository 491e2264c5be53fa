/**
 * DCUtR, Direct Connection Upgrade through Relay ({@code /libp2p/dcutr}): two peers connected through a relay
 * coordinate simultaneous dials to each other and continue on the direct connection.
 */
package dev.ferry.net.dcutr;
