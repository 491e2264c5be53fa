package dev.ferry.net.security.noise;

import dev.ferry.crypto.AeadCipher;
import dev.ferry.crypto.X25519;
import java.util.Arrays;

/**
 * Noise HandshakeState specialised to XX over X25519 (noise_spec §5.3, §7.5). Message buffers are bare Noise messages
 * (no length prefix). Keys come from the caller: the static pair belongs to the host, the ephemeral private key is 32
 * random bytes drawn from the injected random source. Not thread-safe: one handshake, one thread.
 */
final class HandshakeState {
    static final int DHLEN = 32;

    private final boolean initiator;
    private final SymmetricState ss;
    private final byte[] sPriv;
    private final byte[] sPub;
    private final byte[] ePriv;
    private final byte[] ePub;
    private byte[] re;
    private byte[] rs;
    private HandshakePhase phase;

    HandshakeState(boolean initiator, AeadCipher aead, byte[] staticPriv, byte[] ephemeralPriv) {
        this.initiator = initiator;
        this.ss = new SymmetricState(aead);
        this.sPriv = staticPriv.clone();
        this.sPub = X25519.publicKey(sPriv);
        this.ePriv = ephemeralPriv.clone();
        this.ePub = X25519.publicKey(ePriv);
        ss.mixHash(new byte[0]); // empty prologue
        phase = initiator ? new HandshakePhase.SendE() : new HandshakePhase.AwaitE();
    }

    /** try-with-resources holder that always releases the handshake's key material and cipher. */
    record Scope(HandshakeState hs) implements AutoCloseable {
        @Override
        public void close() {
            hs.close();
        }
    }

    HandshakePhase phase() {
        return phase;
    }

    boolean isInitiator() {
        return initiator;
    }

    byte[] localStaticPublic() {
        return sPub.clone();
    }

    /** The peer's static X25519 key, known after message 2 (initiator) or 3 (responder). */
    byte[] remoteStaticPublic() {
        if (rs == null) {
            throw new IllegalStateException("remote static key not known yet");
        }
        return rs.clone();
    }

    byte[] handshakeHash() {
        return ss.handshakeHash();
    }

    /** Builds the next outgoing message around {@code payload}. */
    byte[] writeMessage(byte[] payload) throws NoiseException {
        return switch (phase) {
            case HandshakePhase.SendE p -> {
                byte[] out = new byte[DHLEN + payload.length];
                System.arraycopy(ePub, 0, out, 0, DHLEN);
                ss.mixHash(ePub);
                int n = ss.encryptAndHash(payload, 0, payload.length, out, DHLEN);
                phase = new HandshakePhase.AwaitEEsS();
                yield Arrays.copyOf(out, DHLEN + n);
            }
            case HandshakePhase.SendEEsS p -> {
                byte[] out = new byte[DHLEN + DHLEN + 16 + payload.length + 16];
                System.arraycopy(ePub, 0, out, 0, DHLEN);
                ss.mixHash(ePub);
                ss.mixKey(dh(ePriv, re)); // ee
                int off = DHLEN + ss.encryptAndHash(sPub, 0, DHLEN, out, DHLEN); // s
                ss.mixKey(dh(sPriv, re)); // es (responder side)
                off += ss.encryptAndHash(payload, 0, payload.length, out, off);
                phase = new HandshakePhase.AwaitSSe();
                yield Arrays.copyOf(out, off);
            }
            case HandshakePhase.SendSSe p -> {
                byte[] out = new byte[DHLEN + 16 + payload.length + 16];
                int off = ss.encryptAndHash(sPub, 0, DHLEN, out, 0); // s
                ss.mixKey(dh(sPriv, re)); // se (initiator side)
                off += ss.encryptAndHash(payload, 0, payload.length, out, off);
                phase = new HandshakePhase.Done();
                yield Arrays.copyOf(out, off);
            }
            default -> throw new IllegalStateException("cannot write in phase " + phase);
        };
    }

    /** Consumes the next incoming message; returns its payload. */
    byte[] readMessage(byte[] msg) throws NoiseException {
        return switch (phase) {
            case HandshakePhase.AwaitE p -> {
                require(msg.length >= DHLEN, "message 1 shorter than an ephemeral key");
                re = Arrays.copyOfRange(msg, 0, DHLEN);
                ss.mixHash(re);
                byte[] payload = ss.decryptAndHash(msg, DHLEN, msg.length - DHLEN);
                phase = new HandshakePhase.SendEEsS();
                yield payload;
            }
            case HandshakePhase.AwaitEEsS p -> {
                require(msg.length >= DHLEN + DHLEN + 16 + 16, "message 2 too short: " + msg.length);
                re = Arrays.copyOfRange(msg, 0, DHLEN);
                ss.mixHash(re);
                ss.mixKey(dh(ePriv, re)); // ee
                rs = ss.decryptAndHash(msg, DHLEN, DHLEN + 16); // s
                ss.mixKey(dh(ePriv, rs)); // es (initiator side)
                int off = DHLEN + DHLEN + 16;
                byte[] payload = ss.decryptAndHash(msg, off, msg.length - off);
                phase = new HandshakePhase.SendSSe();
                yield payload;
            }
            case HandshakePhase.AwaitSSe p -> {
                require(msg.length >= DHLEN + 16 + 16, "message 3 too short: " + msg.length);
                rs = ss.decryptAndHash(msg, 0, DHLEN + 16); // s
                ss.mixKey(dh(ePriv, rs)); // se (responder side)
                byte[] payload = ss.decryptAndHash(msg, DHLEN + 16, msg.length - DHLEN - 16);
                phase = new HandshakePhase.Done();
                yield payload;
            }
            default -> throw new IllegalStateException("cannot read in phase " + phase);
        };
    }

    /** Split(): returns {send, receive} cipher states for this side. */
    CipherState[] split(AeadCipher sendCipher, AeadCipher receiveCipher) {
        if (!(phase instanceof HandshakePhase.Done)) {
            throw new IllegalStateException("handshake not finished: " + phase);
        }
        CipherState[] cs = initiator ? ss.split(sendCipher, receiveCipher) : ss.split(receiveCipher, sendCipher);
        Arrays.fill(ePriv, (byte) 0);
        Arrays.fill(sPriv, (byte) 0);
        return initiator ? new CipherState[] {cs[0], cs[1]} : new CipherState[] {cs[1], cs[0]};
    }

    /** Releases the handshake cipher (idempotent; split() already did when the handshake finished). */
    void close() {
        ss.close();
        Arrays.fill(ePriv, (byte) 0);
        Arrays.fill(sPriv, (byte) 0);
    }

    private static byte[] dh(byte[] priv, byte[] pub) throws NoiseException {
        byte[] shared;
        try {
            shared = X25519.agree(priv, pub);
        } catch (RuntimeException e) {
            throw new NoiseException("X25519 agreement failed", e);
        }
        // a low-order point yields all zeros: refuse it rather than key the channel with a known value
        int acc = 0;
        for (byte b : shared) {
            acc |= b;
        }
        if (acc == 0) {
            throw new NoiseException("X25519 agreement gave the all-zero secret");
        }
        return shared;
    }

    private static void require(boolean ok, String message) throws NoiseException {
        if (!ok) {
            throw new NoiseException(message);
        }
    }
}
