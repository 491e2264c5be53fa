/**
 * Secure channels for libp2p connections: {@link dev.ferry.net.security.noise} ({@code /noise}) and
 * {@link dev.ferry.net.security.tls} ({@code /tls/1.0.0}), both behind {@link dev.ferry.net.security.SecurityProtocol}.
 * Sees only {@code dev.ferry.net.transport}, crypto and identity.
 */
package dev.ferry.net.security;
