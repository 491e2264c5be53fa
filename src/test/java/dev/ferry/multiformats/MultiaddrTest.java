package dev.ferry.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MultiaddrTest {
    private static final HexFormat HEX = HexFormat.of();
    // SPECS §7: the spec's Ed25519 public key and its peer id
    private static final String ED_PUB = "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
    private static final String PEER = "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq";

    /** text, binary (hex, annotated by spaces between components). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/ip4/192.0.2.42/tcp/443 | 04c000022a 0601bb", // multiaddr.feature
        "/ip4/127.0.0.1/tcp/4001 | 047f000001 060fa1",
        "/ip4/0.0.0.0/udp/4001/quic-v1 | 0400000000 91020fa1 cd03",
        "/ip6/::1/tcp/80 | 2900000000000000000000000000000001 060050",
        "/ip6/2001:db8::1:0:0:1/tcp/1 | 2920010db8000000000001000000000001 060001",
        "/ip6/::ffff:1.2.3.4 | 2900000000000000000000ffff01020304",
        "/ip6/fe80::/ip6zone/eth0 | 29fe800000000000000000000000000000 2a0465746830",
        "/dns4/example.com/tcp/443/wss | 360b6578616d706c652e636f6d 0601bb de03",
        "/dnsaddr/bootstrap.libp2p.io | 3813626f6f7473747261702e6c69627032702e696f",
        "/ip4/1.2.3.4/tcp/1/ws | 0401020304 060001 dd03",
        "/ip4/1.2.3.4/udp/1/quic-v1/webtransport | 0401020304 91020001 cd03 d103",
        "/p2p-circuit | a202",
        "/unix/tmp/p2p.sock | 90030d2f746d702f7032702e736f636b",
        "/ipcidr/24 | 2b18",
        "/sctp/1234/dccp/80 | 840104d2 210050",
        "/tls/sni/example.com/http | c003 c1030b6578616d706c652e636f6d e003",
        "/memory/test | 890604 74657374",
        "/onion/aaimaq4ygg2iegci:80 | bc03 0010c0439831b4821848 0050"
    })
    void knownAnswers(String text, String hex) {
        byte[] bin = HEX.parseHex(hex.replace(" ", ""));
        Multiaddr fromText = Multiaddr.parse(text.strip());
        assertThat(HEX.formatHex(fromText.bytes())).isEqualTo(HEX.formatHex(bin));
        Multiaddr fromBin = Multiaddr.decode(bin);
        assertThat(fromBin.toString()).isEqualTo(text.strip());
        assertThat(fromBin).isEqualTo(fromText).hasSameHashCodeAs(fromText);
    }

    @Test
    void featureComponents() {
        Multiaddr m = Multiaddr.parse("/ip4/192.0.2.42/tcp/443");
        assertThat(m.components()).hasSize(2);
        assertThat(m.components().get(0).protocol()).isEqualTo(MultiaddrProtocol.IP4);
        assertThat(m.components().get(0).value()).isEqualTo(HEX.parseHex("c000022a"));
        assertThat(m.components().get(0).toString()).isEqualTo("/ip4/192.0.2.42");
        assertThat(m.components().get(1).valueString()).isEqualTo("443");
        assertThat(m.valueOf("tcp")).contains("443");
        assertThat(m.valueOf("udp")).isEmpty();
    }

    @Test
    void p2pTakesBase58OrLibp2pKeyCidAndPrintsBase58() {
        Multiaddr m = Multiaddr.parse("/ip4/1.2.3.4/tcp/4001/p2p/" + PEER);
        byte[] mh = HEX.parseHex("0024" + ED_PUB);
        assertThat(m.components().get(2).value()).isEqualTo(mh);
        assertThat(HEX.formatHex(m.bytes())).endsWith("a50326" + "0024" + ED_PUB);
        Multiaddr viaCid = Multiaddr.parse(
            "/ip4/1.2.3.4/tcp/4001/p2p/bafzaajaiaejcahwr5d5ofrfbis4l5d6uwr57hu5tjodrypfm6yaq6dsc2r2pzyt6");
        assertThat(viaCid).isEqualTo(m);
        assertThat(viaCid.toString()).isEqualTo("/ip4/1.2.3.4/tcp/4001/p2p/" + PEER);
        Multiaddr legacy = Multiaddr.parse("/ipfs/QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
        assertThat(legacy.toString()).isEqualTo("/p2p/QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
        assertThat(Multiaddr.parse("/p2p/bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe")).isEqualTo(legacy);
        assertThat(legacy.valueOf("ipfs")).contains("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
    }

    @Test
    void encapsulateAndDecapsulate() {
        Multiaddr relay = Multiaddr.parse("/ip4/1.2.3.4/tcp/4001/p2p/QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
        Multiaddr circuit = relay.encapsulate(Multiaddr.parse("/p2p-circuit/p2p/" + PEER));
        assertThat(circuit.toString()).isEqualTo(relay + "/p2p-circuit/p2p/" + PEER);
        assertThat(circuit.decapsulate("p2p")).isEqualTo(relay.encapsulate("/p2p-circuit"));
        assertThat(circuit.decapsulate("p2p-circuit")).isEqualTo(relay);
        assertThat(circuit.decapsulate("ipfs")).isEqualTo(relay.encapsulate("/p2p-circuit"));
        assertThat(circuit.decapsulate("ws")).isEqualTo(circuit);
        assertThat(circuit.valueOf("p2p")).contains("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
        assertThat(circuit.decapsulate("ip4").isEmpty()).isTrue();
        assertThat(circuit.decapsulate("ip4").toString()).isEmpty();
        assertThatThrownBy(() -> circuit.decapsulate("nope")).isInstanceOf(MultiformatException.class);
    }

    @Test
    void theLastPeerIdOfACircuitIsItsTarget() {
        Multiaddr relay = Multiaddr.parse("/ip4/1.2.3.4/tcp/4001/p2p/QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
        Multiaddr circuit = relay.encapsulate("/p2p-circuit/p2p/" + PEER);
        assertThat(circuit.lastValueOf("p2p")).contains(PEER);
        assertThat(relay.lastValueOf("p2p")).contains("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
        assertThat(relay.lastValueOf("ws")).isEmpty();
        assertThat(circuit.withoutPeerId()).isEqualTo(relay.encapsulate("/p2p-circuit"));
        // a circuit without its target keeps its relay's /p2p
        assertThat(relay.encapsulate("/p2p-circuit").withoutPeerId()).isEqualTo(relay.encapsulate("/p2p-circuit"));
        assertThat(relay.withoutPeerId()).isEqualTo(Multiaddr.parse("/ip4/1.2.3.4/tcp/4001"));
    }

    @Test
    void textNormalisation() {
        assertThat(Multiaddr.parse("/ip4/1.2.3.4/tcp/1/").toString()).isEqualTo("/ip4/1.2.3.4/tcp/1");
        assertThat(Multiaddr.parse("/ip6/2001:DB8:0:0:0:0:0:1").toString()).isEqualTo("/ip6/2001:db8::1");
        assertThat(Multiaddr.parse("/ip6/1:0:0:2:0:0:0:3").toString()).isEqualTo("/ip6/1:0:0:2::3");
        assertThat(Multiaddr.parse("/ip6/1:0:2:3:4:5:6:7").toString()).isEqualTo("/ip6/1:0:2:3:4:5:6:7");
        assertThat(Multiaddr.parse("/ip6/::").toString()).isEqualTo("/ip6/::");
        assertThat(Multiaddr.parse("/ip6/1::2:3:4:5:6:7").toString()).isEqualTo("/ip6/1:0:2:3:4:5:6:7");
        assertThat(Multiaddr.parse("/ip6/::1.2.3.4").toString()).isEqualTo("/ip6/::102:304");
        assertThat(Multiaddr.parse("/onion/AAIMAQ4YGG2IEGCI:80").toString()).isEqualTo("/onion/aaimaq4ygg2iegci:80");
        String onion3 = "/onion3/vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd:1234";
        assertThat(Multiaddr.parse(onion3).toString()).isEqualTo(onion3);
        assertThat(Multiaddr.parse(onion3).bytes()).hasSize(2 + 37);
        String certhash = "/ip4/1.2.3.4/udp/1234/quic-v1/webtransport/certhash/uEiDDq4_xNyDorZBH3TlGazyJdOWSwvo4PUo5YHFMrvDE8g";
        assertThat(Multiaddr.parse(certhash).toString()).isEqualTo(certhash);
        Multihash h = Multihash.sha256(new byte[0]);
        assertThat(Multiaddr.parse("/certhash/" + Multibase.BASE32.encode(h.bytes())).toString())
            .isEqualTo("/certhash/" + Multibase.BASE64_URL.encode(h.bytes()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "/", "//", "ip4/1.2.3.4", "/ip4", "/ip4/1.2.3.4/tcp", "/ip4/256.0.0.1", "/ip4/01.2.3.4", "/ip4/1.2.3",
        "/ip4/1.2.3.4.5", "/ip4/1.2.3.-4", "/ip4/ 1.2.3.4", "/tcp/65536", "/tcp/-1", "/tcp/+1", "/tcp/08", "/foo/1",
        "/ip4/1.2.3.4//tcp/1", "/p2p/Qmbad", "/p2p/1", "/p2p/bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",
        "/ip6/1:::2", "/ip6/1.2.3.4", "/ip6/::1%eth0", "/ip6/1:2:3:4:5:6:7:8:9", "/ip6/1:2:3:4:5:6:7", "/ip6/:1:2:3:4:5:6:7",
        "/ip6/1::2::3", "/ip6/12345::", "/ip6/g::", "/ip6/::1.2.3", "/ip6/1:2:3:4:5:6:7:1.2.3.4", "/ip6/\u0661::",
        "/onion/aaimaq4ygg2iegci:0", "/onion/aaimaq4ygg2iegci", "/onion/aaimaq4ygg2iegc:80", "/onion/aaimaq4ygg2iegci:80:1",
        "/unix", "/unix/", "/quic-v1/x", "/dns4/", "/ipcidr/256", "/certhash/zzz", "/certhash/f00", "/garlic32/abc",
        "/garlic64/AAAA", "/dns/\ud800"
    })
    void rejectsMalformedText(String text) {
        assertThatThrownBy(() -> Multiaddr.parse(text)).isInstanceOf(MultiformatException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "04c00002", "0601", "06", "ffffffffffffffffff01", "ff7f", "8000", // truncated, unknown, non-minimal
        "35ffffffff0f", "3580", "358110", "3500", "35012f", "35 01 ff", // dns: huge, bad varint, over cap, empty, '/', bad UTF-8
        "a50301ff", "a503020000" + "00", "900301 61", "900302 2f61 00", "900300", "900302 612f", // p2p, unix
        "bc03 0010c0439831b4821848 0000", "2b", "dd0300", "cd03 04"
    })
    void rejectsMalformedBinary(String hex) {
        byte[] bin = HEX.parseHex(hex.replace(" ", ""));
        assertThatThrownBy(() -> Multiaddr.decode(bin)).isInstanceOf(MultiformatException.class);
    }

    @Test
    void valueLengthCapIsEnforcedBeforeReading() {
        // 1025-byte dns name declared with only a few bytes present: rejected on the length alone
        byte[] bin = HEX.parseHex("35810861");
        assertThatThrownBy(() -> Multiaddr.decode(bin)).isInstanceOf(MultiformatException.class).hasMessageContaining("too long");
        String ok = "a".repeat(MultiaddrProtocol.MAX_VALUE_LENGTH);
        assertThat(Multiaddr.parse("/dns/" + ok).valueOf("dns")).contains(ok);
        assertThatThrownBy(() -> Multiaddr.parse("/dns/" + ok + "a")).isInstanceOf(MultiformatException.class);
    }

    @Test
    void protocolTableIsFrozen() {
        assertThat(MultiaddrProtocol.byName("ipfs")).contains(MultiaddrProtocol.P2P);
        assertThat(MultiaddrProtocol.byCode(421)).contains(MultiaddrProtocol.P2P);
        assertThat(MultiaddrProtocol.values()).hasSize(39);
        for (MultiaddrProtocol p : MultiaddrProtocol.values()) {
            assertThat(MultiaddrProtocol.byCode(p.code())).contains(p);
            assertThat(MultiaddrProtocol.byName(p.protocolName())).contains(p);
        }
        assertThat(MultiaddrProtocol.QUIC_V1.code()).isEqualTo(0x01cd);
        assertThat(MultiaddrProtocol.WS.code()).isEqualTo(0x01dd);
        assertThat(MultiaddrProtocol.P2P_CIRCUIT.code()).isEqualTo(0x0122);
        assertThat(MultiaddrProtocol.DNSADDR.sizeBits()).isEqualTo(MultiaddrProtocol.VARIABLE);
        assertThat(MultiaddrProtocol.IP6.sizeBits()).isEqualTo(128);
        assertThat(MultiaddrProtocol.WEBRTC_DIRECT.code()).isEqualTo(280);
        assertThat(MultiaddrProtocol.WEBRTC.code()).isEqualTo(281);
    }
}
