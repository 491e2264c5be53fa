package dev.ferry.identity;

import static dev.ferry.identity.SpecVectors.HEX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.multiformats.Multihash;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PeerIdTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "@@@", "QmInvalidPeerId%", "bafyinvalid", "12D3KooW", "Qm", "z", "k51",
        // a dag-pb CIDv1: a CID, but not a libp2p-key
        "bafybeicg2rebjoofv4kbyovkw7af3rpiitvnl6i7ckcywaq6xjcxnc2mby",
        // raw-codec CIDv1 of the same digest as a valid peer ID
        "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4",
        // one character changed in a valid Ed25519 peer ID: the inlined key is no longer well-formed or differs
        "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pp1",
    })
    void rejectsNonPeerIds(String text) {
        assertThatThrownBy(() -> PeerId.parse(text)).isInstanceOf(KeyFormatException.class);
    }

    @Test
    void acceptsKnownIds() {
        assertThat(PeerId.parse("12D3KooWQ7W3zfBDSSY5YTbSsfXCMVvjJAnYXhYzu3PV6PvJkU8E").extractPublicKey()).isPresent();
        assertThatThrownBy(() -> PeerId.parse(null)).isInstanceOf(KeyFormatException.class);
        assertThatThrownBy(() -> PeerId.parse("Q".repeat(300))).isInstanceOf(KeyFormatException.class);
    }

    @Test
    void onlyCanonicalMultihashes() {
        // identity multihash holding garbage, holding a key over 42 bytes, sha1, short sha2-256
        assertThatThrownBy(() -> PeerId.fromBytes(HEX.parseHex("0002aaaa"))).isInstanceOf(KeyFormatException.class);
        byte[] rsaLike = new byte[43];
        assertThatThrownBy(() -> PeerId.fromMultihash(Multihash.identity(rsaLike))).isInstanceOf(KeyFormatException.class)
                .hasMessageContaining("42");
        assertThatThrownBy(() -> PeerId.fromMultihash(Multihash.of(0x11, new byte[20])))
                .isInstanceOf(KeyFormatException.class);
        assertThatThrownBy(() -> PeerId.fromMultihash(Multihash.of(0x12, new byte[20])))
                .isInstanceOf(KeyFormatException.class);
        assertThatThrownBy(() -> PeerId.fromBytes(HEX.parseHex("1220aa"))).isInstanceOf(KeyFormatException.class);
        assertThatThrownBy(() -> PeerId.fromBytes(new byte[0])).isInstanceOf(KeyFormatException.class);
        // the twin: a real sha2-256 id
        PeerId ok = PeerId.fromMultihash(Multihash.sha256(new byte[] {1}));
        assertThat(ok.extractPublicKey()).isEmpty();
        assertThat(ok.toCid()).isEqualTo(Cid.v1(Multicodec.LIBP2P_KEY.code(), ok.multihash()));
    }

    @Test
    void valueSemantics() {
        PeerId a = PeerId.parse("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");
        PeerId b = PeerId.parse("k51qzi5uqu5dgy8qsq67hbz73jqkw87l3fgf4a91qb0d9b5173tir7n4vxk1oe");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        byte[] bytes = a.bytes();
        bytes[5] ^= 1;
        assertThat(a.bytes()).isNotEqualTo(bytes);
    }
}
