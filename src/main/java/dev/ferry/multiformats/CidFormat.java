package dev.ferry.multiformats;

/**
 * go-cidutil's printf-like CID formatting, which {@code cid format -f} takes:
 *
 * <pre>
 *   %% literal %            %b multibase name          %B multibase code (its prefix)
 *   %v version string       %V version number          %c codec name
 *   %C codec code           %h multihash name          %H multihash code
 *   %L hash digest length   %m multihash in base %b    %M the same without the multibase prefix
 *   %d digest in base %b    %D the same without prefix %s the CID in base %b (v0: bare base58btc only)
 *   %S the CID in base %b without prefix               %P prefix: %v-%c-%h-%L
 * </pre>
 */
public final class CidFormat {
    /** The reference text Kubo prints in {@code ipfs cid format --help}. */
    public static final String REFERENCE = """
               %% literal %
               %b multibase name
               %B multibase code
               %v version string
               %V version number
               %c codec name
               %C codec code
               %h multihash name
               %H multihash code
               %L hash digest length
               %m multihash encoded in base %b (with multibase prefix)
               %M multihash encoded in base %b without multibase prefix
               %d hash digest encoded in base %b (with multibase prefix)
               %D hash digest encoded in base %b without multibase prefix
               %s cid string encoded in base %b (1)
               %S cid string encoded in base %b without multibase prefix
               %P cid prefix: %v-%c-%h-%L

            (1) For CID version 0 the multibase must be base58btc and no prefix is
            used.  For Cid version 1 the multibase prefix is included.
            """;

    private CidFormat() {}

    /**
     * Formats {@code cid} in {@code base}.
     *
     * @throws CidFormatStringException for a '%' at the end or an unknown specifier
     * @throws MultiformatException when {@code %s} asks for a v0 CID in a base other than base58btc
     */
    public static String format(String fmt, Multibase base, Cid cid) {
        StringBuilder out = new StringBuilder();
        Multihash mh = cid.multihash();
        for (int i = 0; i < fmt.length(); i++) {
            char ch = fmt.charAt(i);
            if (ch != '%') {
                out.append(ch);
                continue;
            }
            i++;
            if (i >= fmt.length()) {
                throw new CidFormatStringException("premature end of format string");
            }
            switch (fmt.charAt(i)) {
                case '%' -> out.append('%');
                case 'b' -> out.append(base.baseName());
                case 'B' -> out.append(base.prefix());
                case 'v' -> out.append("cidv").append(cid.version());
                case 'V' -> out.append(cid.version());
                case 'c' -> out.append(codecName(cid.codec()));
                case 'C' -> out.append(cid.codec());
                case 'h' -> out.append(hashName(mh.code()));
                case 'H' -> out.append(mh.code());
                case 'L' -> out.append(mh.digestLength());
                case 'm' -> out.append(base.encode(mh.rawBytes()));
                case 'M' -> out.append(base.encodeBare(mh.rawBytes()));
                case 'd' -> out.append(base.encode(mh.digest()));
                case 'D' -> out.append(base.encodeBare(mh.digest()));
                case 's' -> out.append(cid.toString(base));
                case 'S' -> out.append(base.encodeBare(cid.bytes()));
                case 'P' -> out.append("cidv").append(cid.version()).append('-').append(codecName(cid.codec()))
                        .append('-').append(hashName(mh.code())).append('-').append(mh.digestLength());
                default -> throw new CidFormatStringException(
                        "unrecognized specifier in format string: " + fmt.substring(i - 1, i + 1));
            }
        }
        return out.toString();
    }

    /**
     * A codec's name as go-cid's old table spells it (which go-cidutil prints): dag-pb is "protobuf" and dag-cbor
     * "cbor"; codecs outside that table print as {@code codec?N}.
     */
    static String codecName(long codec) {
        return switch ((int) Math.min(codec, Integer.MAX_VALUE)) {
            case 0x55 -> "raw";
            case 0x70 -> "protobuf";
            case 0x71 -> "cbor";
            case 0x72 -> "libp2p-key";
            case 0x0129 -> "dag-json";
            default -> "codec?" + codec;
        };
    }

    static String hashName(long code) {
        return Multihash.functionName(code).orElse("hash?" + code);
    }
}
