/**
 * Secure channels for libp2p connections. The only one is {@link dev.ferry.net.security.noise} ({@code /noise}).
 * Sees only {@code dev.ferry.net.transport}, crypto and identity.
 */
package dev.ferry.net.security;
