package dev.ferry.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Known answers (FIPS 180/202, RFC 7693, the BLAKE3 and Keccak teams' vectors) and the verifcid rules. */
class HashFunctionTest {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest(name = "{0}({1})")
    @CsvSource({
        "sha2-256, abc, ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "sha2-512, abc, ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
        "sha3-224, abc, e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf",
        "sha3-256, abc, 3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532",
        "sha3-384, abc, ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b2"
                + "98d88cea927ac7f539f1edf228376d25",
        "sha3-512, abc, b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e"
                + "10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0",
        "blake2b-512, abc, ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923",
        "blake2b-256, abc, bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319",
        "blake2s-256, abc, 508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982",
        "blake3, '', af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262",
        "keccak-256, '', c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
        "keccak-256, abc, 4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
        "shake-256, '', 46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f"
                + "d75dc4ddd8c0f200cb05019d67b592f6fc821c49479ab48640292eacb3b7c4be",
        "dbl-sha2-256, '', 5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456",
    })
    void knownAnswers(String name, String input, String digest) {
        byte[] data = (input == null ? "" : input).getBytes(StandardCharsets.US_ASCII);
        HashFunction f = HashFunction.named(name);
        Multihash mh = f.hash(data);
        assertThat(HEX.formatHex(mh.digest())).isEqualTo(digest);
        assertThat(mh.code()).isEqualTo(f.code());
        assertThat(mh.digestLength()).isEqualTo(f.defaultLength());
        assertThat(mh.verifies(data)).isTrue();
        assertThat(Multihash.functionName(f.code())).contains(name);
    }

    @Test
    void codesAreTheMulticodecTable() {
        assertThat(HashFunction.named("blake2b-256").code()).isEqualTo(0xb220);
        assertThat(HashFunction.named("blake2b-512").code()).isEqualTo(0xb240);
        assertThat(HashFunction.named("blake2b-160").code()).isEqualTo(0xb214);
        assertThat(HashFunction.named("blake2s-256").code()).isEqualTo(0xb260);
        assertThat(HashFunction.named("blake3").code()).isEqualTo(0x1e);
        assertThat(HashFunction.named("sha3-256").code()).isEqualTo(0x16);
        assertThat(HashFunction.named("SHA2-512")).isSameAs(HashFunction.SHA2_512);
        assertThat(HashFunction.BLAKE2B_256.defaultLength()).isEqualTo(32);
        for (Multicodec c : new Multicodec[] {Multicodec.SHA2_256, Multicodec.SHA2_512, Multicodec.SHA3_256,
                Multicodec.BLAKE3, Multicodec.BLAKE2B_256}) {
            assertThat(HashFunction.named(c.codecName()).code()).isEqualTo(c.code());
        }
    }

    @Test
    void blake3IsExtendable() {
        // the BLAKE3 team's vector for the empty input, 64 bytes of output
        Multihash mh = HashFunction.BLAKE3.hash(new byte[0], 64);
        assertThat(HEX.formatHex(mh.digest())).isEqualTo("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"
                + "e00f03e7b69af26b7faaf09fcd333050338ddfe085b8cc869ca98b206c08243a");
        assertThat(mh.verifies(new byte[0])).isTrue();
        assertThatThrownBy(() -> HashFunction.SHA2_256.hash(new byte[0], 33))
                .hasMessageContaining("requested length was too large for digest");
    }

    @Test
    void truncatesAsGoMultihash() {
        byte[] data = "abc".getBytes(StandardCharsets.US_ASCII);
        Multihash t = HashFunction.SHA2_512.hash(data, 20);
        assertThat(t.digest()).isEqualTo(java.util.Arrays.copyOf(HashFunction.SHA2_512.hash(data).digest(), 20));
        assertThat(t.verifies(data)).isTrue();
        assertThat(HashFunction.SHA2_256.hash(data, -1)).isEqualTo(Multihash.sha256(data));
        assertThat(HashFunction.SHA2_256.hash(data, 32)).isEqualTo(Multihash.sha256(data));
        assertThatThrownBy(() -> HashFunction.SHA2_256.hash(data, 19))
                .hasMessage("hashes must be at least 20 bytes long");
        assertThat(HashFunction.IDENTITY.hash(data, 3)).isEqualTo(Multihash.identity(data));
        assertThatThrownBy(() -> HashFunction.IDENTITY.hash(data, 2)).hasMessageContaining("identity");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha1", "md5", "SHA1", "blake2b-128", "blake2s-8", "murmur3-x64-64", "sha2-384",
        "shake-128"})
    void refusedFunctionsAreInsecure(String name) {
        assertThatThrownBy(() -> HashFunction.named(name)).isInstanceOf(MultiformatException.class)
                .hasMessage(HashFunction.INSECURE + ": " + name.toLowerCase(java.util.Locale.ROOT));
        assertThat(HashFunction.isAcceptedName(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "sha2-255", "blake2b-257", ""})
    void unknownNamesAreUnrecognized(String name) {
        assertThatThrownBy(() -> HashFunction.named(name)).isInstanceOf(MultiformatException.class)
                .hasMessage("unrecognized hash function: \"" + name + "\"");
    }

    @Test
    void checkAcceptedFollowsVerifcid() {
        HashFunction.checkAccepted(0x12, 32);
        HashFunction.checkAccepted(0x12, 20);
        HashFunction.checkAccepted(0xb220, 32);
        HashFunction.checkAccepted(0x00, 0); // identity: any length up to the cap
        HashFunction.checkAccepted(0x00, 128);
        HashFunction.checkAccepted(0x1e, 128);
        assertThatThrownBy(() -> HashFunction.checkAccepted(0x11, 20)).hasMessage(HashFunction.INSECURE + ": sha1");
        assertThatThrownBy(() -> HashFunction.checkAccepted(0xd5, 16)).hasMessage(HashFunction.INSECURE + ": md5");
        assertThatThrownBy(() -> HashFunction.checkAccepted(0x1100, 32)).hasMessage(HashFunction.INSECURE + ": x11");
        assertThatThrownBy(() -> HashFunction.checkAccepted(0x99999, 32))
                .hasMessage(HashFunction.INSECURE + ": 0x99999");
        assertThatThrownBy(() -> HashFunction.checkAccepted(0x12, 19))
                .hasMessage("hashes must be at least 20 bytes long");
        assertThatThrownBy(() -> HashFunction.checkAccepted(0x12, 33))
                .hasMessageContaining("requested length was too large");
        assertThat(HashFunction.isAccepted(0x11, 20)).isFalse();
        assertThat(HashFunction.isAccepted(0x16, 32)).isTrue();
    }

    @Test
    void sha1StillTellsAStoredBlockIntact() {
        // refused everywhere, but repo verify must not call an intact sha1 block corrupt
        byte[] data = "abc".getBytes(StandardCharsets.US_ASCII);
        assertThat(Multihash.of(0x11, HEX.parseHex("a9993e364706816aba3e25717850c26c9cd0d89d")).verifies(data)).isTrue();
        assertThat(HashFunction.acceptedFunctions()).noneMatch(f -> f.code() == 0x11);
    }

    @Test
    void cidOfMakesCidv1AndRefusesCidv0() {
        byte[] data = "hello, world!".getBytes(StandardCharsets.US_ASCII);
        // Kubo's coreiface test addCidSha3: "hello, world!" added with --hash sha3-256 (one raw leaf)
        assertThat(Cid.of(1, Multicodec.RAW.code(), HashFunction.SHA3_256, data).toString())
                .isEqualTo("bafkrmichjflejeh6aren53o7pig7zk3m3vxqcoc2i5dv326k3x6obh7jry");
        assertThatThrownBy(() -> Cid.of(0, Multicodec.DAG_PB.code(), HashFunction.SHA3_256, data))
                .hasMessage("CIDv0 only supports sha2-256");
        assertThat(Cid.of(0, Multicodec.DAG_PB.code(), HashFunction.SHA2_256, data))
                .isEqualTo(Cid.of(0, Multicodec.DAG_PB.code(), data));
        assertThatThrownBy(() -> Cid.of(0, Multicodec.DAG_PB.code(), HashFunction.SHA2_256, 20, data))
                .hasMessageContaining("CIDv0");
        assertThat(Cid.of(1, Multicodec.RAW.code(), HashFunction.SHA2_256, 20, data).multihash().digestLength())
                .isEqualTo(20);
    }
}
