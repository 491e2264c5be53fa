package dev.ferry.net.autonat.v2.wire;

/** The server's message on the dial-back stream: the nonce of the request it dials back for. */
public record DialBack(long nonce) {}
