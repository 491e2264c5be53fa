package dev.ferry.multiformats;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CidEncoderProperties {
    /** Any CID printed by any encoder parses back to itself, or to its v1 twin when the encoder upgrades. */
    @Property
    void encodedTextParsesBack(@ForAll("cids") Cid cid, @ForAll Multibase base, @ForAll boolean upgrade) {
        Assume.that(base != Multibase.IDENTITY);
        CidEncoder enc = new CidEncoder(base, upgrade);
        String text = enc.encode(cid);
        Cid back = Cid.parse(text);
        assertThat(back).isEqualTo(upgrade ? cid.toV1() : cid);
        assertThat(back.toV1()).isEqualTo(cid.toV1());
        if (back.version() == 1) {
            assertThat(Cid.textBase(text)).isEqualTo(base);
        } else {
            assertThat(text).isEqualTo(cid.toString()); // v0 has only its bare base58 text
        }
        assertThat(enc.recode(text)).isEqualTo(text);
    }

    /** A path's encoder writes v1 CIDs in the base of the path's own CID. */
    @Property
    void aPathsEncoderFollowsItsCid(@ForAll("cids") Cid inPath, @ForAll("cids") Cid found, @ForAll Multibase base) {
        // base64's alphabet has '/', which splits the path (in Kubo too)
        Assume.that(base != Multibase.IDENTITY && base != Multibase.BASE64 && base != Multibase.BASE64_PAD);
        String path = "/ipfs/" + (inPath.version() == 0 ? inPath.toString() : inPath.toString(base)) + "/x";
        CidEncoder enc = CidEncoder.fromPath(path).orElseThrow();
        if (inPath.version() == 0) {
            assertThat(enc.encode(found)).isEqualTo(found.toString());
        } else {
            assertThat(Cid.textBase(enc.encode(found))).isEqualTo(base);
        }
    }

    @Provide
    Arbitrary<Cid> cids() {
        return Generators.cids();
    }
}
