package dev.ferry.net.security.noise;

/**
 * Where an XX handshake stands. Each side alternates writing and reading; a call for the wrong direction or after
 * {@link Done} is a programming error. Initiator: SendE → AwaitEEsS → SendSSe → Done. Responder: AwaitE → SendEEsS →
 * AwaitSSe → Done.
 */
sealed interface HandshakePhase {
    /** Initiator, message 1: {@code -> e}. */
    record SendE() implements HandshakePhase {}

    /** Initiator, message 2: {@code <- e, ee, s, es}. */
    record AwaitEEsS() implements HandshakePhase {}

    /** Initiator, message 3: {@code -> s, se}. */
    record SendSSe() implements HandshakePhase {}

    /** Responder, message 1. */
    record AwaitE() implements HandshakePhase {}

    /** Responder, message 2. */
    record SendEEsS() implements HandshakePhase {}

    /** Responder, message 3. */
    record AwaitSSe() implements HandshakePhase {}

    /** Finished: split() may be called. */
    record Done() implements HandshakePhase {}
}
