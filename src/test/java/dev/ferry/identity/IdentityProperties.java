package dev.ferry.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Base58;
import dev.ferry.multiformats.Multibase;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Round trips, and: arbitrary input makes the decoders answer or throw KeyFormatException, nothing else. */
class IdentityProperties {
    private static final String B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    // --- round trips ---

    @Property(tries = 200)
    void ed25519KeysRoundTrip(@ForAll @Size(32) byte[] seed) {
        Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(seed);
        assertThat(PrivateKey.unmarshal(key.marshal())).isEqualTo(key);
        assertThat(PublicKey.unmarshal(key.publicKey().marshal())).isEqualTo(key.publicKey());
        PeerId id = PeerId.fromPublicKey(key.publicKey());
        assertThat(PeerId.parse(id.toString())).isEqualTo(id);
        assertThat(PeerId.parse(id.toCidString(Multibase.BASE32))).isEqualTo(id);
        assertThat(PeerId.parse(id.toCidString(Multibase.BASE36))).isEqualTo(id);
        assertThat(PeerId.parse(id.toCidString(Multibase.BASE58BTC))).isEqualTo(id);
        assertThat(PeerId.fromBytes(id.bytes()).extractPublicKey()).contains(key.publicKey());
        Did did = Did.of(key.publicKey());
        assertThat(Did.parse(did.toString())).isEqualTo(did);
    }

    @Property(tries = 50)
    void secp256k1KeysRoundTripAndSign(@ForAll long seed, @ForAll @Size(max = 100) byte[] msg) {
        Secp256k1PrivateKey key = Secp256k1PrivateKey.generate(seeded(seed));
        assertThat(PrivateKey.unmarshal(key.marshal())).isEqualTo(key);
        assertThat(PublicKey.unmarshal(key.publicKey().marshal())).isEqualTo(key.publicKey());
        byte[] sig = key.sign(msg);
        assertThat(key.publicKey().verify(msg, sig)).isTrue();
        PeerId id = PeerId.fromPublicKey(key.publicKey());
        assertThat(PeerId.parse(id.toString())).isEqualTo(id);
        assertThat(Did.parse(Did.of(key.publicKey()).toString()).publicKey()).isEqualTo(key.publicKey());
    }

    // --- arbitrary input: answer or KeyFormatException, and a decoded key has exactly one encoding ---

    @Property(tries = 2000)
    void arbitraryBytesAsPublicKey(@ForAll @Size(max = 200) byte[] bytes) {
        try {
            PublicKey k = PublicKey.unmarshal(bytes);
            assertThat(k.marshal()).isEqualTo(bytes);
        } catch (KeyFormatException expected) {
            // the declared failure
        }
    }

    @Property(tries = 2000)
    void protobufShapedPublicKeys(@ForAll("keyShaped") byte[] bytes) {
        try {
            PublicKey k = PublicKey.unmarshal(bytes);
            assertThat(k.marshal()).isEqualTo(bytes);
            assertThat(k.verify(bytes, bytes)).isFalse();
            PeerId id = PeerId.fromPublicKey(k);
            assertThat(PeerId.fromBytes(id.bytes())).isEqualTo(id);
            Statistics.label("public").collect("decoded");
        } catch (KeyFormatException expected) {
            Statistics.label("public").collect("rejected");
        }
        // the generator must reach both outcomes, or the property proves little
        Statistics.label("public").coverage(c -> {
            c.check("decoded").percentage(p -> p > 0.25);
            c.check("rejected").percentage(p -> p > 0.25);
        });
    }

    @Property(tries = 2000)
    void protobufShapedPrivateKeys(@ForAll("keyShaped") byte[] bytes) {
        try {
            PrivateKey k = PrivateKey.unmarshal(bytes);
            assertThat(PrivateKey.unmarshal(k.marshal())).isEqualTo(k);
            Statistics.label("private").collect("decoded");
        } catch (KeyFormatException expected) {
            Statistics.label("private").collect("rejected");
        }
        Statistics.label("private").coverage(c -> c.check("decoded").percentage(p -> p > 0.25));
    }

    @Property(tries = 1000)
    void signaturesOfAnyShapeNeverThrow(@ForAll @Size(max = 120) byte[] sig, @ForAll @IntRange(min = 0, max = 1) int which) {
        PublicKey k = which == 0
                ? Ed25519PrivateKey.fromSeed(new byte[32]).publicKey()
                : Secp256k1PrivateKey.of(fill(32, (byte) 7)).publicKey();
        assertThat(k.verify(new byte[] {1}, sig)).isFalse();
    }

    @Property(tries = 2000)
    void arbitraryBytesAsPeerId(@ForAll @Size(max = 80) byte[] bytes) {
        try {
            PeerId id = PeerId.fromBytes(bytes);
            assertThat(id.bytes()).isEqualTo(bytes);
            assertThat(PeerId.parse(id.toString())).isEqualTo(id);
        } catch (KeyFormatException expected) {
            // the declared failure
        }
    }

    @Property(tries = 2000)
    void arbitraryStringsAsPeerId(@ForAll("peerIdLike") String text) {
        try {
            PeerId.parse(text);
        } catch (KeyFormatException expected) {
            // the declared failure
        }
    }

    @Property(tries = 2000)
    void arbitraryStringsAsDid(@ForAll("didLike") String text) {
        try {
            Did d = Did.parse(text);
            assertThat(d.toString()).isEqualTo(text);
        } catch (KeyFormatException expected) {
            // the declared failure
        }
    }

    @Provide
    Arbitrary<byte[]> keyShaped() {
        // 08 <type> 12 <len> <data>, with the type, the tags, the length and the data each sometimes wrong
        Arbitrary<Integer> type = Arbitraries.integers().between(0, 6);
        Arbitrary<byte[]> data = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(100),
                Arbitraries.bytes().array(byte[].class).ofSize(32),
                Arbitraries.bytes().array(byte[].class).ofSize(33).map(b -> { b[0] = (byte) (2 + (b[1] & 1)); return b; }),
                Arbitraries.bytes().array(byte[].class).ofSize(64));
        Arbitrary<Integer> lengthDelta = Arbitraries.integers().between(-2, 2).withDistribution(
                net.jqwik.api.RandomDistribution.gaussian());
        Arbitrary<Integer> mutateTag = Arbitraries.integers().between(0, 9);
        return Combinators.combine(type, data, lengthDelta, mutateTag).as((t, d, delta, tag) -> {
            int len = Math.max(0, d.length + (tag == 0 ? delta : 0));
            byte[] out = new byte[4 + d.length];
            out[0] = (byte) (tag == 1 ? 0x10 : 0x08);
            out[1] = (byte) (int) t;
            out[2] = (byte) (tag == 2 ? 0x1a : 0x12);
            out[3] = (byte) Math.min(len, 127);
            System.arraycopy(d, 0, out, 4, d.length);
            return out;
        });
    }

    @Provide
    Arbitrary<String> peerIdLike() {
        Arbitrary<String> b58 = Arbitraries.strings().withChars(B58.toCharArray()).ofMaxLength(80);
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(300),
                b58.map(s -> "Qm" + s),
                b58.map(s -> "12D3KooW" + s),
                Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz234567".toCharArray()).ofMaxLength(90)
                        .map(s -> "b" + s),
                Arbitraries.strings().withChars("0123456789abcdefghijklmnopqrstuvwxyz".toCharArray()).ofMaxLength(90)
                        .map(s -> "k" + s),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(60).map(b -> "z" + Base58.encode(b)));
    }

    @Provide
    Arbitrary<String> didLike() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings().withChars(B58.toCharArray()).ofMaxLength(70).map(s -> "did:key:z" + s),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(50).map(b -> {
                    byte[] all = Arrays.copyOf(new byte[] {(byte) 0xed, 0x01}, 2 + b.length);
                    System.arraycopy(b, 0, all, 2, b.length);
                    return "did:key:z" + Base58.encode(all);
                }));
    }

    private static byte[] fill(int n, byte v) {
        byte[] b = new byte[n];
        Arrays.fill(b, v);
        return b;
    }

    private static SecureRandom seeded(long seed) {
        Random r = new Random(seed);
        return new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] bytes) {
                r.nextBytes(bytes);
            }
        };
    }
}
