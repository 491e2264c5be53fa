package dev.ferry.multiformats;

/**
 * What {@code cid format} does to each CID, with Kubo's rules: a new codec (which makes the CID v1), then a version
 * conversion, then the text in {@code base}, or with no base given, base58btc for v0 and the input's own base for v1.
 * A base given without a version converts to v1, since a v0 CID has no other base.
 *
 * @param format the go-cidutil format string (see {@link CidFormat})
 * @param version 0, 1 or -1 to keep the version
 * @param codec the new codec, or -1 to keep it
 * @param base the output base, or null for the default
 */
public record CidConversion(String format, int version, long codec, Multibase base) {
    /** {@code cid base32}: v1 in base32. */
    public static final CidConversion BASE32 = new CidConversion("%s", 1, -1, Multibase.BASE32);

    /**
     * From the command's options, each null or empty when not given.
     *
     * @throws MultiformatException for a format without '%', an unknown codec or base, a version other than 0 or 1,
     *     or v0 with a codec other than dag-pb or a base other than base58btc
     */
    public static CidConversion of(String format, String version, String codec, String base) {
        String fmt = format == null ? "%s" : format;
        if (fmt.indexOf('%') < 0) {
            throw new MultiformatException("invalid format string: \"" + fmt + "\"");
        }
        long newCodec = codec == null || codec.isEmpty() ? -1 : codecCode(codec);
        boolean hasBase = base != null && !base.isEmpty();
        int ver = switch (version == null ? "" : version) {
            case "" -> hasBase ? 1 : -1;
            case "0" -> {
                if (newCodec != -1 && newCodec != Multicodec.DAG_PB.code()) {
                    throw new MultiformatException("cannot convert to CIDv0 with any codec other than dag-pb");
                }
                if (hasBase && !base.equals("base58btc")) {
                    throw new MultiformatException(
                            "cannot convert to CIDv0 with any multibase other than the implicit base58btc");
                }
                yield 0;
            }
            case "1" -> 1;
            default -> throw new MultiformatException("invalid cid version: \"" + version + "\"");
        };
        return new CidConversion(fmt, ver, newCodec, hasBase ? Multibase.byName(base) : null);
    }

    /** A codec by table name or as hex {@code 0x...}, as go-multicodec's Code.Set reads it. */
    private static long codecCode(String codec) {
        var named = Multicodec.byName(codec);
        if (named.isPresent()) {
            return named.get().code();
        }
        if (codec.startsWith("0x") && codec.length() > 2 && codec.length() <= 17) {
            try {
                return Long.parseLong(codec.substring(2), 16);
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new MultiformatException("unknown multicodec: \"" + codec + "\"");
    }

    /**
     * Converts and formats one CID given as text.
     *
     * @throws MultiformatException when the text is not a CID or this CID cannot be converted or printed
     * @throws CidFormatStringException when the format string is malformed
     */
    public String apply(String cidText) {
        Cid cid = Cid.parse(cidText);
        if (codec != -1 && codec != cid.codec()) {
            cid = Cid.v1(codec, cid.multihash());
        }
        if (version == 0) {
            if (cid.codec() != Multicodec.DAG_PB.code()) {
                throw new MultiformatException("can't convert non-dag-pb nodes to cidv0");
            }
            cid = Cid.v0(cid.multihash());
        } else if (version == 1) {
            cid = cid.toV1();
        }
        Multibase out = base;
        if (out == null) {
            out = cid.version() == 0 ? Multibase.BASE58BTC : Cid.textBase(cidText);
        }
        return CidFormat.format(format, out, cid);
    }
}
