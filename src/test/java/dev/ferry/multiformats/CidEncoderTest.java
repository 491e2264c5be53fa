package dev.ferry.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidEncoderTest {
    // one CID in its three usual texts (go-cidutil's encoder vectors)
    private static final String V0 = "QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n";
    private static final String V1_B58 = "zdj7Wkkhxcu2rsiN6GUyHCLsSLL47kdUNfjbFqBUUhMFTZKBi";
    private static final String V1_B32 = "bafybeihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";

    private static final Cid V0_CID = Cid.parse(V0);
    private static final Cid V1_CID = Cid.parse(V1_B32);

    @Test
    void theDefaultKeepsV0AndWritesV1InBase32() {
        assertThat(CidEncoder.DEFAULT.encode(V0_CID)).isEqualTo(V0);
        assertThat(CidEncoder.DEFAULT.encode(Cid.parse(V1_B58))).isEqualTo(V1_B32);
        assertThat(CidEncoder.of(null, null)).isEqualTo(CidEncoder.DEFAULT);
        assertThat(CidEncoder.of("", null)).isEqualTo(CidEncoder.DEFAULT);
    }

    @Test
    void aBaseUpgradesV0UnlessTheUpgradeIsTurnedOff() {
        assertThat(CidEncoder.of("base58btc", null).encode(V0_CID)).isEqualTo(V1_B58);
        assertThat(CidEncoder.of("base32", null).encode(V0_CID)).isEqualTo(V1_B32);
        assertThat(CidEncoder.of("base32", false).encode(V0_CID)).isEqualTo(V0);
        assertThat(CidEncoder.of("base32", false).encode(V1_CID)).isEqualTo(V1_B32);
        assertThat(CidEncoder.of(null, true).encode(V0_CID)).isEqualTo(V1_B32);
        assertThat(CidEncoder.of("base36", null).encode(V1_CID)).isEqualTo(V1_CID.toString(Multibase.BASE36))
                .startsWith("k");
    }

    @Test
    void theLowLevelEncoderUpgradesOnlyWhenAsked() {
        assertThat(CidEncoder.lowLevel("base58btc", null).encode(V0_CID)).isEqualTo(V0);
        assertThat(CidEncoder.lowLevel("base58btc", null).encode(V1_CID)).isEqualTo(V1_B58);
        assertThat(CidEncoder.lowLevel("base58btc", true).encode(V0_CID)).isEqualTo(V1_B58);
    }

    @Test
    void aBaseIsNamedOrGivenByItsPrefix() {
        assertThat(CidEncoder.of("z", null)).isEqualTo(new CidEncoder(Multibase.BASE58BTC, true));
        assertThat(CidEncoder.of("base32upper", null).encode(V1_CID)).isEqualTo(V1_B32.toUpperCase());
    }

    @Test
    void anUnknownBaseOrIdentityIsRefused() {
        assertThatThrownBy(() -> CidEncoder.of("base99", null)).isInstanceOf(MultiformatException.class)
                .hasMessage("unsupported multibase encoding: base99");
        assertThatThrownBy(() -> CidEncoder.lowLevel("nope", true)).isInstanceOf(MultiformatException.class);
        assertThatThrownBy(() -> CidEncoder.of("identity", null)).isInstanceOf(MultiformatException.class)
                .hasMessageContaining("identity");
    }

    @Test
    void aPathPrintsLikeItsCid() {
        String b36 = V1_CID.toString(Multibase.BASE36);
        assertThat(CidEncoder.fromPath("/ipfs/" + b36 + "/a/b")).contains(new CidEncoder(Multibase.BASE36, true));
        assertThat(CidEncoder.fromPath(V1_B58 + "/a")).contains(new CidEncoder(Multibase.BASE58BTC, true));
        assertThat(CidEncoder.fromPath(b36)).contains(new CidEncoder(Multibase.BASE36, true));
        // a v0 CID there: the default, which keeps v0
        assertThat(CidEncoder.fromPath("/ipfs/" + V0)).contains(CidEncoder.DEFAULT);
        assertThat(CidEncoder.fromPath(V0 + "/x")).contains(CidEncoder.DEFAULT);
        // no CID where one is looked for
        assertThat(CidEncoder.fromPath("/ipns/example.com/a")).isEmpty();
        assertThat(CidEncoder.fromPath("/ipfs")).isEmpty();
        assertThat(CidEncoder.fromPath("")).isEmpty();
        assertThat(CidEncoder.fromPath("not-a-cid")).isEmpty();
    }

    @Test
    void recodingParsesFirst() {
        assertThat(CidEncoder.of("base58btc", null).recode(V1_B32)).isEqualTo(V1_B58);
        assertThatThrownBy(() -> CidEncoder.DEFAULT.recode("xyz")).isInstanceOf(MultiformatException.class);
    }
}
