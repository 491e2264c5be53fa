package dev.ferry.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Known answers: go-cidutil's own format tests, and Kubo's {@code cid format} / {@code cid inspect} rules. */
class CidFormatTest {
    static final String V0 = "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn";
    static final String V1 = "zdj7WfLr9DhLrb1hsoSi4fSdjjxuZmeqgEtBPWxMLtPbDNbFD";

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "v0|-|%P|cidv0-protobuf-sha2-256-32",
        "v0|-|%b-%v-%c-%h-%L|base58btc-cidv0-protobuf-sha2-256-32",
        "v0|-|%s|QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn",
        "v0|-|%S|QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn",
        "v0|-|ver#%V/#%C/#%H/%L|ver#0/#112/#18/32",
        "v0|-|%m|zQmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn",
        "v0|-|%M|QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn",
        "v0|-|%d|z72gdmFAgRzYHkJzKiL8MgMMRW3BTSCGyDHroPxJbxMJn",
        "v0|-|%D|72gdmFAgRzYHkJzKiL8MgMMRW3BTSCGyDHroPxJbxMJn",
        "v0|B|%S|CIQFTFEEHEDF6KLBT32BFAGLXEZL4UWFNWM4LFTLMXQBCERZ6CMLX3Y",
        "v0|B|%B%S|BCIQFTFEEHEDF6KLBT32BFAGLXEZL4UWFNWM4LFTLMXQBCERZ6CMLX3Y",
        "v1|-|%P|cidv1-protobuf-sha2-256-32",
        "v1|-|%b-%v-%c-%h-%L|base58btc-cidv1-protobuf-sha2-256-32",
        "v1|-|%s|zdj7WfLr9DhLrb1hsoSi4fSdjjxuZmeqgEtBPWxMLtPbDNbFD",
        "v1|-|%S|dj7WfLr9DhLrb1hsoSi4fSdjjxuZmeqgEtBPWxMLtPbDNbFD",
        "v1|-|ver#%V/#%C/#%H/%L|ver#1/#112/#18/32",
        "v1|-|%m|zQmYFbmndVP7QqAVWyKhpmMuQHMaD88pkK57RgYVimmoh5H",
        "v1|-|%M|QmYFbmndVP7QqAVWyKhpmMuQHMaD88pkK57RgYVimmoh5H",
        "v1|-|%d|zAux4gVVsLRMXtsZ9fd3tFEZN4jGYB6kP37fgoZNTc11H",
        "v1|-|%D|Aux4gVVsLRMXtsZ9fd3tFEZN4jGYB6kP37fgoZNTc11H",
        "v1|B|%s|BAFYBEIETJGSRL3EQPQPCABV3G6IUBYTSIFVQ24XRRHD3JUETSKLTGQ7DJA",
        "v1|B|%S|AFYBEIETJGSRL3EQPQPCABV3G6IUBYTSIFVQ24XRRHD3JUETSKLTGQ7DJA",
        "v1|B|%B%S|BAFYBEIETJGSRL3EQPQPCABV3G6IUBYTSIFVQ24XRRHD3JUETSKLTGQ7DJA",
        "v1|-|100%% %c|100% protobuf",
        "v1|🚀|%b %B|base256emoji 🚀",
        "v1|base256emoji|%B%v|🚀cidv1",
    })
    void goCidutilCases(String which, String base, String fmt, String expected) {
        String text = which.equals("v0") ? V0 : V1;
        Multibase b = base.equals("-") ? Cid.textBase(text) : Multibase.byName(base);
        assertThat(CidFormat.format(fmt, b, Cid.parse(text))).isEqualTo(expected);
    }

    @Test
    void malformedFormatStringsAreFormatErrors() {
        Cid cid = Cid.parse(V0);
        assertThatThrownBy(() -> CidFormat.format("%", Multibase.BASE58BTC, cid))
                .isInstanceOf(CidFormatStringException.class).hasMessage("premature end of format string");
        assertThatThrownBy(() -> CidFormat.format("x%q", Multibase.BASE58BTC, cid))
                .isInstanceOf(CidFormatStringException.class)
                .hasMessage("unrecognized specifier in format string: %q");
    }

    @Test
    void aV0CidHasNoOtherBaseForPercentS() {
        assertThatThrownBy(() -> CidFormat.format("%s", Multibase.BASE32, Cid.parse(V0)))
                .isInstanceOf(MultiformatException.class);
    }

    @Test
    void unknownCodecsAndHashesPrintWithAQuestionMark() {
        Cid cid = Cid.v1(0x9999, Multihash.of(0x1e, new byte[32]));
        assertThat(CidFormat.format("%c %h", Multibase.BASE32, cid)).isEqualTo("codec?39321 blake3");
        Cid odd = Cid.v1(0x55, Multihash.of(0x70, new byte[4]));
        assertThat(CidFormat.format("%P", Multibase.BASE32, odd)).isEqualTo("cidv1-raw-hash?112-4");
    }

    @ParameterizedTest(name = "{0} -v {1} --mc {2} -b {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // no options: v0 stays bare base58btc, v1 keeps its own base
        V0 + "|-|-|-|" + V0,
        "bafybeibxm2nsadl3fnxv2sxcxmxaco2jl53wpeorjdzidjwf5aqdg7wa6u|-|-|-|"
            + "bafybeibxm2nsadl3fnxv2sxcxmxaco2jl53wpeorjdzidjwf5aqdg7wa6u",
        // a base alone converts to v1
        V0 + "|-|-|base32|bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354",
        V0 + "|-|-|b|bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354",
        // v1 without a base stays in the input's base (base58btc for a v0 input)
        V0 + "|1|-|-|zdj7WbTaiJT1fgatdet9Ei9iDB5hdCxkbVyhyh8YTUnXMiwYi",
        "bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354|0|-|-|" + V0,
        "bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354|-|-|base36|"
            + "k2jmtxtlhjl3fhmgndf92e48by79ryjuvqp3y2qgehpao6v3lurvnmcv",
        V0 + "|1|raw|-|zb2rhcfxpvbQ3Tzy7CWPbWpXjiyqgj1kYQakS5gBKyhUC8DaW",
        V0 + "|-|raw|base32|bafkreiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354",
    })
    void kuboConversionRules(String in, String version, String codec, String base, String expected) {
        assertThat(CidConversion.of("%s", version, codec, base).apply(in)).isEqualTo(expected);
    }

    @Test
    void kuboRejectsTheseOptionsBeforeLookingAtAnyCid() {
        assertThatThrownBy(() -> CidConversion.of("plain", null, null, null)).hasMessage("invalid format string: \"plain\"");
        assertThatThrownBy(() -> CidConversion.of("%s", "0", "raw", null))
                .hasMessage("cannot convert to CIDv0 with any codec other than dag-pb");
        assertThatThrownBy(() -> CidConversion.of("%s", "0", null, "base32"))
                .hasMessage("cannot convert to CIDv0 with any multibase other than the implicit base58btc");
        assertThatThrownBy(() -> CidConversion.of("%s", "2", null, null)).hasMessage("invalid cid version: \"2\"");
        assertThatThrownBy(() -> CidConversion.of("%s", null, "nope", null)).hasMessage("unknown multicodec: \"nope\"");
        assertThatThrownBy(() -> CidConversion.of("%s", null, null, "base99"))
                .hasMessage("unsupported multibase encoding: base99");
        assertThat(CidConversion.of("%s", "0", "dag-pb", "base58btc").version()).isZero();
    }

    @Test
    void aRawCidHasNoV0() {
        assertThatThrownBy(() -> CidConversion.of("%s", "0", null, null)
                .apply("bafkreiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354"))
                .isInstanceOf(MultiformatException.class).hasMessage("can't convert non-dag-pb nodes to cidv0");
    }

    @Test
    void inspectV0AsKubo() {
        CidInspection i = CidInspection.of(V0);
        assertThat(i.toText()).isEqualTo("""
                CID:        QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn
                Version:    0
                Multibase:  base58btc (implicit)
                Multicodec: dag-pb (0x70, implicit)
                Multihash:  sha2-256 (0x12, implicit)
                  Length:   32 bytes
                  Digest:   5b14842320be6a161ef4169017722acf29dc2b4b2fac5dc2d10f03e6226cc40d
                CIDv0:      QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn
                CIDv1:      bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354
                """.replace("5b14842320be6a161ef4169017722acf29dc2b4b2fac5dc2d10f03e6226cc40d",
                        java.util.HexFormat.of().formatHex(Base58.decode("72gdmFAgRzYHkJzKiL8MgMMRW3BTSCGyDHroPxJbxMJn"))));
        assertThat(i.toJson().keySet()).containsExactly("cid", "version", "multibase", "multicodec", "multihash",
                "cidV0", "cidV1");
    }

    @Test
    void inspectRawV1SaysWhyThereIsNoV0() {
        String raw = "bafkreiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354";
        String text = CidInspection.of(raw).toText();
        assertThat(text).contains("Multibase:  base32 (b)\n").contains("Multicodec: raw (0x55)\n")
                .contains("CIDv0:      not possible, requires dag-pb (0x70), got raw (0x55)\n")
                .endsWith("CIDv1:      " + raw + "\n");
        assertThat(CidInspection.of(raw).toJson()).doesNotContainKey("cidV0").doesNotContainKey("errorMsg");
    }

    @Test
    void inspectAPeerIdPointsAtItsCid() {
        String peer = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
        CidInspection i = CidInspection.of(peer);
        assertThat(i.errorMsg()).startsWith("invalid CID: ")
                .contains("\nNote: the value is a PeerID; inspect its CID representation instead:\n  k51qzi5uqu5d");
        assertThat(i.toJson()).containsEntry("cidV1", "").containsKey("errorMsg").doesNotContainKey("cidV0");
        assertThatThrownBy(i::toText).hasMessage(i.errorMsg());
        assertThat(CidInspection.of("nonsense").errorMsg()).startsWith("invalid CID: ").doesNotContain("PeerID");
    }

    @Test
    void listingsAreSortedAsKuboSortsThem() {
        // Kubo's t0295-multibase and test/cli cid bases tables: go-multibase's bases, the rocket last
        assertThat(MultiformatListing.bases().stream().map(e -> Character.toString((int) e.code()) + e.name())
                .toList()).containsExactly(
                "\0identity", "0base2", "bbase32", "Bbase32upper", "cbase32pad", "Cbase32padupper", "fbase16",
                "Fbase16upper", "kbase36", "Kbase36upper", "mbase64", "Mbase64pad", "tbase32hexpad",
                "Tbase32hexpadupper", "ubase64url", "Ubase64urlpad", "vbase32hex", "Vbase32hexupper", "zbase58btc",
                "Zbase58flickr", "🚀base256emoji");
        assertThat(MultiformatListing.codecs().stream().map(MultiformatListing.Entry::name).toList())
                .containsExactly("raw", "dag-pb", "dag-cbor", "libp2p-key", "dag-json");
        List<String> hashes = MultiformatListing.hashes().stream().map(MultiformatListing.Entry::name).toList();
        // what ferry makes and accepts (boxo verifcid's allow-list), by code; never sha1
        assertThat(hashes.subList(0, 15)).containsExactly("identity", "sha2-256", "sha2-512", "sha3-512",
                "sha3-384", "sha3-256", "sha3-224", "shake-256", "keccak-224", "keccak-256", "keccak-384",
                "keccak-512", "blake3", "dbl-sha2-256", "blake2b-160");
        assertThat(hashes).contains("blake2b-256", "blake2b-512", "blake2s-160", "blake2s-256")
                .doesNotContain("sha1", "md5", "blake2b-152", "blake2s-128", "murmur3-x64-64")
                .hasSize(15 + 44 + 13);
        assertThat(MultiformatListing.hashes().stream().mapToLong(MultiformatListing.Entry::code).toArray())
                .isSorted();
    }
}
