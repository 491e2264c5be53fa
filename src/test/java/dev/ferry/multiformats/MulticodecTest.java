package dev.ferry.multiformats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Multicodec codes are wire constants (multiformats/multicodec table.csv): this table may only grow. */
class MulticodecTest {
    @ParameterizedTest
    @CsvSource({
        "IDENTITY, 0x00, identity", "SHA1, 0x11, sha1", "SHA2_256, 0x12, sha2-256", "SHA2_512, 0x13, sha2-512",
        "SHA3_256, 0x16, sha3-256", "BLAKE2B_256, 0xb220, blake2b-256", "MURMUR3_X64_64, 0x22, murmur3-x64-64",
        "RAW, 0x55, raw", "DAG_PB, 0x70, dag-pb", "DAG_CBOR, 0x71, dag-cbor", "LIBP2P_KEY, 0x72, libp2p-key",
        "DAG_JSON, 0x0129, dag-json", "ED25519_PUB, 0xed, ed25519-pub", "X25519_PUB, 0xec, x25519-pub",
        "SECP256K1_PUB, 0xe7, secp256k1-pub", "P256_PUB, 0x1200, p256-pub", "CAR, 0x0202, car",
        "IPNS_RECORD, 0x0300, ipns-record", "TRANSPORT_BITSWAP, 0x0900, transport-bitswap",
        "TRANSPORT_IPFS_GATEWAY_HTTP, 0x0920, transport-ipfs-gateway-http"
    })
    void frozenCodes(Multicodec codec, String hex, String name) {
        long code = Long.parseLong(hex.substring(2), 16);
        assertThat(codec.code()).isEqualTo(code);
        assertThat(codec.codecName()).isEqualTo(name);
        assertThat(Multicodec.byCode(code)).contains(codec);
        assertThat(Multicodec.byName(name)).contains(codec);
    }

    @Test
    void codesAndNamesAreUnique() {
        Multicodec[] all = Multicodec.values();
        assertThat(new HashSet<>(Arrays.stream(all).map(Multicodec::code).toList())).hasSize(all.length);
        assertThat(new HashSet<>(Arrays.stream(all).map(Multicodec::codecName).toList())).hasSize(all.length);
        assertThat(Multicodec.byCode(0x7fff_ffffL)).isEmpty();
    }
}
