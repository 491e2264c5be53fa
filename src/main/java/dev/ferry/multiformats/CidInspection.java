package dev.ferry.multiformats;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code cid inspect}: a CID taken apart, or the reason it is not one. For a base58btc peer ID (a bare multihash,
 * as {@code 12D3KooW...}) the error names its CID form, as Kubo does.
 *
 * @param cidV0 the v0 form, or null when the CID has none
 * @param errorMsg null on success; every other field but {@code cid} is then unset
 */
public record CidInspection(String cid, int version, Multibase base, long codec, long hashFunction, int digestLength,
        byte[] digest, String cidV0, String cidV1, String errorMsg) {

    public static CidInspection of(String text) {
        Cid c;
        try {
            c = Cid.parse(text);
        } catch (MultiformatException e) {
            String msg = "invalid CID: " + e.getMessage();
            try {
                Cid key = Cid.v1(Multicodec.LIBP2P_KEY.code(), Multihash.decode(Base58.decode(text)));
                msg += "\nNote: the value is a PeerID; inspect its CID representation instead:\n  "
                        + key.toString(Multibase.BASE36);
            } catch (MultiformatException notAPeer) {
                // not a peer ID either: the CID error alone
            }
            return new CidInspection(text, 0, null, 0, 0, 0, null, null, null, msg);
        }
        Multihash mh = c.multihash();
        String v0 = c.codec() == Multicodec.DAG_PB.code() && mh.isSha256Full() ? Cid.v0(mh).toString() : null;
        Multibase v1Base = c.codec() == Multicodec.LIBP2P_KEY.code() ? Multibase.BASE36 : Multibase.BASE32;
        return new CidInspection(text, c.version(), c.version() == 0 ? Multibase.BASE58BTC : Cid.textBase(text),
                c.codec(), mh.code(), mh.digestLength(), mh.digest(), v0, c.toV1().toString(v1Base), null);
    }

    public String codecName() {
        return Multicodec.byCode(codec).map(Multicodec::codecName).orElse("unknown");
    }

    public String hashName() {
        return Multihash.functionName(hashFunction).orElse("unknown");
    }

    /** Kubo's JSON answer, with its omitempty fields left out. */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cid", cid);
        boolean ok = errorMsg == null;
        out.put("version", version);
        out.put("multibase", ordered("prefix", ok ? String.valueOf(base.prefix()) : "",
                "name", ok ? base.baseName() : ""));
        out.put("multicodec", ordered("code", ok ? codec : 0L, "name", ok ? codecName() : ""));
        Map<String, Object> hash = ordered("code", ok ? hashFunction : 0L, "name", ok ? hashName() : "");
        hash.put("length", digestLength);
        hash.put("digest", ok ? HexFormat.of().formatHex(digest) : "");
        out.put("multihash", hash);
        if (cidV0 != null) {
            out.put("cidV0", cidV0);
        }
        out.put("cidV1", ok ? cidV1 : "");
        if (!ok) {
            out.put("errorMsg", errorMsg);
        }
        return out;
    }

    private static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    /**
     * Kubo's text layout.
     *
     * @throws MultiformatException carrying {@link #errorMsg} when the text was not a CID
     */
    public String toText() {
        if (errorMsg != null) {
            throw new MultiformatException(errorMsg);
        }
        String implicit = version == 0 ? ", implicit" : "";
        StringBuilder w = new StringBuilder();
        w.append("CID:        ").append(cid).append('\n');
        w.append("Version:    ").append(version).append('\n');
        w.append("Multibase:  ").append(base.baseName())
                .append(version == 0 ? " (implicit)" : " (" + base.prefix() + ")").append('\n');
        w.append("Multicodec: ").append(codecName()).append(" (0x").append(Long.toHexString(codec)).append(implicit)
                .append(")\n");
        w.append("Multihash:  ").append(hashName()).append(" (0x").append(Long.toHexString(hashFunction))
                .append(implicit).append(")\n");
        w.append("  Length:   ").append(digestLength).append(" bytes\n");
        w.append("  Digest:   ").append(HexFormat.of().formatHex(digest)).append('\n');
        if (cidV0 != null) {
            w.append("CIDv0:      ").append(cidV0).append('\n');
        } else if (codec != Multicodec.DAG_PB.code()) {
            w.append(String.format(Locale.ROOT, "CIDv0:      not possible, requires dag-pb (0x70), got %s (0x%x)\n",
                    codecName(), codec));
        } else if (hashFunction != Multicodec.SHA2_256.code()) {
            w.append(String.format(Locale.ROOT, "CIDv0:      not possible, requires sha2-256 (0x12), got %s (0x%x)\n",
                    hashName(), hashFunction));
        } else if (digestLength != 32) {
            w.append("CIDv0:      not possible, requires 32-byte digest, got ").append(digestLength).append('\n');
        }
        w.append("CIDv1:      ").append(cidV1).append('\n');
        return w.toString();
    }
}
