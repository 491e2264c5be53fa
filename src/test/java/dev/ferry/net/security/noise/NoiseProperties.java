package dev.ferry.net.security.noise;

import static dev.ferry.net.security.noise.NoiseTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.net.security.noise.wire.NoisePayload;
import dev.ferry.net.security.noise.wire.NoisePayloadCodec;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Arbitrary input never makes the Noise code throw anything but its declared exception, and never hangs. */
class NoiseProperties {

    @Property(tries = 300)
    void arbitraryBytesToAResponderOnlyFailWithNoiseException(@ForAll @Size(max = 600) byte[] input) {
        Side r = side(3, 4, BOB_PRIV, FAST);
        ScriptedStream s = new ScriptedStream(input);
        try {
            r.noise().secureInbound(s);
            throw new AssertionError("random bytes completed a handshake");
        } catch (NoiseException expected) {
            assertThat(s.closed).isTrue();
        } catch (java.io.IOException other) {
            throw new AssertionError("unexpected exception type", other);
        }
    }

    @Property(tries = 300)
    void arbitraryFramedBytesToAnInitiatorOnlyFailWithNoiseException(@ForAll("framed") byte[] input) {
        Side i = side(1, 2, ALICE_PRIV, FAST);
        try {
            i.noise().secureOutbound(new ScriptedStream(input), null);
            throw new AssertionError("random bytes completed a handshake");
        } catch (NoiseException expected) {
            // fine
        } catch (java.io.IOException other) {
            throw new AssertionError("unexpected exception type", other);
        }
    }

    @Provide
    Arbitrary<byte[]> framed() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(400).map(body -> {
            byte[] f = new byte[2 + body.length];
            NoiseFrames.putLength(f, body.length);
            System.arraycopy(body, 0, f, 2, body.length);
            return f;
        });
    }

    @Property(tries = 300)
    void arbitraryBytesAfterTheHandshakeOnlyFailWithNoiseException(@ForAll @Size(max = 2000) byte[] input)
            throws java.io.IOException {
        dev.ferry.crypto.AeadCipher aead = dev.ferry.crypto.ChaCha20Poly1305.jdk();
        CipherState send = new CipherState(aead);
        send.initializeKey(fill(1));
        CipherState recv = new CipherState(aead);
        recv.initializeKey(fill(2));
        var id = side(1, 2, ALICE_PRIV, FAST).identity();
        ScriptedStream raw = new ScriptedStream(input);
        NoiseSession s = new NoiseSession(raw, send, recv, id.peerId(), id.peerId(), id.publicKey(), List.of(),
                new byte[32]);
        byte[] buf = new byte[70_000];
        try {
            while (s.in().read(buf) >= 0) {
                // keep reading: random frames cannot authenticate, so this ends in EOF or an error
            }
            assertThat(input.length).as("only an empty input ends cleanly").isZero();
        } catch (NoiseException expected) {
            assertThat(raw.closed).isTrue();
        }
    }

    @Property(tries = 500)
    void payloadDecoderOnlyThrowsIllegalArgument(@ForAll @Size(max = 300) byte[] input) {
        try {
            NoisePayloadCodec.decode(input);
        } catch (IllegalArgumentException expected) {
            // fine
        }
    }

    @Property(tries = 200)
    void payloadRoundTrip(@ForAll @Size(min = 1, max = 100) byte[] key, @ForAll @Size(min = 1, max = 100) byte[] sig,
            @ForAll @Size(max = 3) List<@net.jqwik.api.constraints.AlphaChars @net.jqwik.api.constraints.StringLength(max = 20) String> muxers) {
        NoisePayload p = new NoisePayload(key, sig, muxers);
        NoisePayload q = NoisePayloadCodec.decode(NoisePayloadCodec.encode(p));
        assertThat(q.identityKey()).isEqualTo(key);
        assertThat(q.identitySig()).isEqualTo(sig);
        assertThat(q.streamMuxers()).isEqualTo(muxers);
    }
}
