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
                java.util.Optional.empty(), new byte[32]);
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
            @ForAll @Size(max = 3) List<@net.jqwik.api.constraints.AlphaChars @net.jqwik.api.constraints.StringLength(min = 1, max = 20) String> muxers) {
        NoisePayload p = new NoisePayload(key, sig, muxers);
        NoisePayload q = NoisePayloadCodec.decode(NoisePayloadCodec.encode(p));
        assertThat(q.identityKey()).isEqualTo(key);
        assertThat(q.identitySig()).isEqualTo(sig);
        assertThat(q.streamMuxers()).isEqualTo(muxers);
    }

    // --- the payload extensions: early muxer negotiation ---

    /** A valid payload's fields (key 1, signature 2) followed by {@code extensions} as field 4. */
    static byte[] payloadWithExtensions(byte[] extensions) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        field(b, 1, new byte[] {1, 2, 3});
        field(b, 2, new byte[] {4, 5});
        field(b, 4, extensions);
        return b.toByteArray();
    }

    static void field(java.io.ByteArrayOutputStream b, int number, byte[] value) {
        varint(b, (long) number << 3 | 2);
        varint(b, value.length);
        b.writeBytes(value);
    }

    static void varint(java.io.ByteArrayOutputStream b, long v) {
        while ((v & ~0x7fL) != 0) {
            b.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        b.write((int) v);
    }

    @Property(tries = 500)
    void arbitraryExtensionsOnlyThrowIllegalArgument(@ForAll @Size(max = 400) byte[] extensions) {
        try {
            NoisePayload p = NoisePayloadCodec.decode(payloadWithExtensions(extensions));
            assertThat(p.streamMuxers()).hasSizeLessThanOrEqualTo(NoisePayloadCodec.MAX_MUXERS)
                    .allSatisfy(m -> assertThat(m.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                            .hasSizeBetween(1, NoisePayloadCodec.MAX_MUXER_ID));
        } catch (IllegalArgumentException expected) {
            // fine
        }
    }

    @Provide
    Arbitrary<String> muxerIds() {
        return Arbitraries.strings().all().ofMinLength(1).ofMaxLength(60)
                .filter(m -> java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(m));
    }

    @Property(tries = 300)
    void muxerIdsOfAnyUnicodeRoundTrip(@ForAll @Size(max = 16) List<@net.jqwik.api.From("muxerIds") String> muxers) {
        NoisePayload p = new NoisePayload(new byte[] {1}, new byte[] {2}, muxers);
        assertThat(NoisePayloadCodec.decode(NoisePayloadCodec.encode(p)).streamMuxers()).isEqualTo(muxers);
    }

    /** Unknown fields (the WebTransport hashes this codec skips, or later ones) change nothing, at either level. */
    @Property(tries = 300)
    void unknownFieldsAreSkipped(@ForAll @Size(max = 3) List<@net.jqwik.api.From("muxerIds") String> muxers,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 3, max = 5000) int unknownNumber,
            @ForAll @Size(max = 80) byte[] unknownValue, @ForAll long unknownVarint, @ForAll boolean certhash) {
        java.io.ByteArrayOutputStream ext = new java.io.ByteArrayOutputStream();
        if (certhash) {
            field(ext, 1, unknownValue);
        }
        for (String m : muxers) {
            field(ext, 2, m.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        field(ext, unknownNumber, unknownValue);
        varint(ext, (long) unknownNumber << 3); // the same number again, now a varint
        varint(ext, unknownVarint);
        java.io.ByteArrayOutputStream outer = new java.io.ByteArrayOutputStream();
        outer.writeBytes(payloadWithExtensions(ext.toByteArray()));
        int outerUnknown = unknownNumber == 4 ? 3 : unknownNumber;
        field(outer, outerUnknown, unknownValue);
        NoisePayload p = NoisePayloadCodec.decode(outer.toByteArray());
        assertThat(p.streamMuxers()).isEqualTo(muxers);
        assertThat(p.identityKey()).containsExactly(1, 2, 3);
    }

    @Property(tries = 300)
    void aBadMuxerIdIsRefused(@ForAll @Size(max = 300) byte[] id, @ForAll("muxerIds") String good) {
        boolean valid = id.length >= 1 && id.length <= NoisePayloadCodec.MAX_MUXER_ID
                && com.google.protobuf.ByteString.copyFrom(id).isValidUtf8();
        java.io.ByteArrayOutputStream ext = new java.io.ByteArrayOutputStream();
        field(ext, 2, good.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        field(ext, 2, id);
        byte[] payload = payloadWithExtensions(ext.toByteArray());
        if (valid) {
            assertThat(NoisePayloadCodec.decode(payload).streamMuxers())
                    .containsExactly(good, new String(id, java.nio.charset.StandardCharsets.UTF_8));
        } else {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> NoisePayloadCodec.decode(payload))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stream muxer id");
        }
    }

    @Property(tries = 50)
    void moreThanSixteenMuxersAreRefused(@ForAll @net.jqwik.api.constraints.IntRange(min = 17, max = 200) int n) {
        java.io.ByteArrayOutputStream ext = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            field(ext, 2, "/yamux/1.0.0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> NoisePayloadCodec.decode(payloadWithExtensions(ext.toByteArray())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too many stream muxers");
    }

    /** Whatever the lists, the agreed muxer is the initiator's first one the responder also lists. */
    @Property(tries = 500)
    void agreementIsTheInitiatorsFirstCommonMuxer(
            @ForAll @Size(max = 5) List<@net.jqwik.api.constraints.IntRange(max = 6) Integer> initiator,
            @ForAll @Size(max = 5) List<@net.jqwik.api.constraints.IntRange(max = 6) Integer> responder) {
        List<String> i = initiator.stream().map(n -> "/m/" + n).toList();
        List<String> r = responder.stream().map(n -> "/m/" + n).toList();
        java.util.Optional<String> expected = i.stream().filter(r::contains).findFirst();
        try {
            java.util.Optional<String> agreed = EarlyMuxer.agree(i, r);
            if (i.isEmpty() || r.isEmpty()) {
                assertThat(agreed).isEmpty();
            } else {
                assertThat(agreed).isEqualTo(expected).isPresent();
            }
        } catch (NoiseException e) {
            assertThat(i).isNotEmpty();
            assertThat(r).isNotEmpty();
            assertThat(expected).isEmpty();
        }
    }
}
