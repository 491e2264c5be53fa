package dev.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.CidPrefix;
import dev.ferry.multiformats.HashFunction;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.multiformats.Multihash;
import dev.ferry.multiformats.MultiformatException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BlockTest {
    static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    @Test
    void createComputesTheSha256Cid() {
        Block b = Block.create(1, Multicodec.RAW.code(), HELLO);
        assertThat(b.cid()).hasToString("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq");
        assertThat(b.size()).isEqualTo(5);
        assertThat(Block.raw(HELLO)).isEqualTo(b);
        Block v0 = Block.create(0, Multicodec.DAG_PB.code(), FileBlockstoreTest.EMPTY_DIR);
        assertThat(v0.cid()).hasToString(FileBlockstoreTest.EMPTY_DIR_CID);
    }

    @Test
    void v0IsOnlyForDagPb() {
        assertThatThrownBy(() -> Block.create(0, Multicodec.RAW.code(), HELLO))
                .isInstanceOf(MultiformatException.class);
    }

    @Test
    void bytesThatDoNotMatchAreRefused() {
        Cid cid = Block.raw(HELLO).cid();
        assertThatThrownBy(() -> new Block(cid, "hellO".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(InvalidBlockException.class);
        assertThatThrownBy(() -> Block.of(cid, new byte[0])).isInstanceOf(InvalidBlockException.class);
        // the "still works" twin
        assertThat(Block.of(cid, HELLO.clone()).data()).isEqualTo(HELLO);
    }

    @Test
    void identityBlocksMustEqualTheDigest() {
        Cid id = Cid.v1(Multicodec.RAW.code(), Multihash.identity(HELLO));
        assertThat(new Block(id, HELLO.clone()).size()).isEqualTo(5);
        assertThatThrownBy(() -> new Block(id, "hell".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(InvalidBlockException.class);
    }

    @Test
    void anUnverifiableHashFunctionIsRefused() {
        // murmur3 cannot be recomputed here, so nothing can be proven about the bytes
        Cid murmur = Cid.v1(Multicodec.RAW.code(), Multihash.of(Multicodec.MURMUR3_X64_64.code(), new byte[8]));
        assertThatThrownBy(() -> new Block(murmur, HELLO)).isInstanceOf(InvalidBlockException.class);
    }

    @Test
    void otherHashFunctionsAreMadeAndVerified() {
        for (HashFunction f : new HashFunction[] {HashFunction.SHA2_512, HashFunction.SHA3_256,
                HashFunction.BLAKE2B_256, HashFunction.BLAKE3}) {
            Block b = Block.create(1, Multicodec.RAW.code(), f, HELLO);
            assertThat(b.cid().multihash().code()).isEqualTo(f.code());
            assertThat(Block.of(b.cid(), HELLO.clone())).isEqualTo(b);
            assertThat(Block.create(CidPrefix.of(b.cid()), HELLO.clone()).cid()).isEqualTo(b.cid());
            assertThatThrownBy(() -> Block.of(b.cid(), "hellO".getBytes(StandardCharsets.US_ASCII)))
                    .as(f.functionName()).isInstanceOf(InvalidBlockException.class);
        }
        assertThatThrownBy(() -> Block.create(0, Multicodec.DAG_PB.code(), HashFunction.SHA3_256, HELLO))
                .hasMessage("CIDv0 only supports sha2-256");
    }

    @Test
    void sha1IsRefusedAsIpfsRefusesIt() {
        // the right sha1 digest of the bytes: refused all the same, before anything is hashed (boxo verifcid)
        Cid sha1 = Cid.v1(Multicodec.RAW.code(), Multihash.of(Multicodec.SHA1.code(),
                java.util.HexFormat.of().parseHex("aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d")));
        assertThat(sha1.verifies(HELLO)).isTrue();
        assertThatThrownBy(() -> Block.of(sha1, HELLO)).isInstanceOf(InvalidBlockException.class)
                .hasMessageContaining(HashFunction.INSECURE).hasMessageContaining("sha1");
        assertThatThrownBy(() -> Block.create(CidPrefix.of(sha1), HELLO)).isInstanceOf(MultiformatException.class)
                .hasMessageContaining(HashFunction.INSECURE);
        // a truncated digest under 20 bytes too
        Cid short16 = Cid.v1(Multicodec.RAW.code(), HashFunction.SHA2_256.hash(HELLO, 20));
        assertThat(Block.of(short16, HELLO).cid()).isEqualTo(short16);
        Cid tooShort = Cid.v1(Multicodec.RAW.code(), Multihash.of(0x12,
                java.util.Arrays.copyOf(Multihash.sha256(HELLO).digest(), 16)));
        assertThatThrownBy(() -> Block.of(tooShort, HELLO)).hasMessageContaining("at least 20 bytes");
    }

    @Test
    void equalityIsByCid() {
        Block a = Block.raw(HELLO);
        Block b = Block.raw(HELLO.clone());
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(Block.raw(new byte[] {1}));
        assertThat(a.toString()).contains("5 bytes");
    }

    @Test
    void nullsAreRefused() {
        assertThatThrownBy(() -> new Block(null, HELLO)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Block(Block.raw(HELLO).cid(), null)).isInstanceOf(NullPointerException.class);
    }
}
