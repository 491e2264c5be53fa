package dev.ferry.net.autonat.v2.wire;

/**
 * The client's answer on the dial-back stream: it got the nonce. Its only status is OK, so it carries nothing; a
 * status the spec does not define is refused by the codec.
 */
public record DialBackResponse() {}
