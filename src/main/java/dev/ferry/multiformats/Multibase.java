package dev.ferry.multiformats;

import java.util.Base64;
import java.util.HexFormat;

/**
 * The multibase encodings ferry reads and writes: one prefix code point, then the text in that base. Decoding is
 * strict: only the canonical text of some byte string is accepted (no stray padding, no non-zero trailing bits,
 * no mixed case). These are the bases Kubo (go-multibase) knows; the spec's base8, base10 and base32z, which Kubo
 * does not know either, are not here.
 *
 * <p>Every prefix is one ASCII character but base256emoji's, U+1F680, which is two chars in a Java string (a
 * surrogate pair): text is taken apart by code point ({@link #of(String)}), never by its first char.
 *
 * <p>{@link #IDENTITY} is the bytes themselves after a 0x00 prefix: as text it can carry only valid UTF-8
 * ({@link #encodeBare} refuses other bytes); {@link #encodeToBytes} and {@link #decode(byte[])} carry any bytes.
 */
public enum Multibase {
    BASE58BTC('z', "base58btc"),
    BASE32('b', "base32"),
    BASE32_UPPER('B', "base32upper"),
    BASE36('k', "base36"),
    BASE16('f', "base16"),
    BASE16_UPPER('F', "base16upper"),
    BASE64('m', "base64"),
    BASE64_URL('u', "base64url"),
    BASE64_PAD('M', "base64pad"),
    BASE64_URL_PAD('U', "base64urlpad"),
    IDENTITY('\0', "identity"),
    BASE2('0', "base2"),
    BASE32_PAD('c', "base32pad"),
    BASE32_PAD_UPPER('C', "base32padupper"),
    BASE32_HEX('v', "base32hex"),
    BASE32_HEX_UPPER('V', "base32hexupper"),
    BASE32_HEX_PAD('t', "base32hexpad"),
    BASE32_HEX_PAD_UPPER('T', "base32hexpadupper"),
    BASE36_UPPER('K', "base36upper"),
    BASE58_FLICKR('Z', "base58flickr"),
    BASE256_EMOJI(0x1F680, "base256emoji");

    private static final Base32 BASE32_LOWER_CODEC = new Base32(false);
    private static final Base32 BASE32_UPPER_CODEC = new Base32(true);
    private static final Base32 BASE32_PAD_CODEC = new Base32(Base32.STANDARD, false, true);
    private static final Base32 BASE32_PAD_UPPER_CODEC = new Base32(Base32.STANDARD, true, true);
    private static final Base32 BASE32_HEX_CODEC = new Base32(Base32.HEX, false, false);
    private static final Base32 BASE32_HEX_UPPER_CODEC = new Base32(Base32.HEX, true, false);
    private static final Base32 BASE32_HEX_PAD_CODEC = new Base32(Base32.HEX, false, true);
    private static final Base32 BASE32_HEX_PAD_UPPER_CODEC = new Base32(Base32.HEX, true, true);
    private static final RadixCodec BASE36_CODEC = new RadixCodec("base36", "0123456789abcdefghijklmnopqrstuvwxyz");
    private static final RadixCodec BASE36_UPPER_CODEC =
            new RadixCodec("base36upper", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    private static final RadixCodec BASE58_FLICKR_CODEC =
            new RadixCodec("base58flickr", "123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ");
    private static final HexFormat HEX_LOWER = HexFormat.of();
    private static final HexFormat HEX_UPPER = HexFormat.of().withUpperCase();

    private final int code;
    private final String prefix;
    private final String baseName;

    Multibase(int code, String baseName) {
        this.code = code;
        this.prefix = Character.toString(code);
        this.baseName = baseName;
    }

    /** The prefix as a code point: the base's numeric code in the multibase table. */
    public int code() {
        return code;
    }

    /** The prefix as text: one char, or two (a surrogate pair) for base256emoji. */
    public String prefix() {
        return prefix;
    }

    /** The name in the multibase table (as go-multibase spells it), e.g. {@code "base32upper"}. */
    public String baseName() {
        return baseName;
    }

    /**
     * A base by its table name or, as go-multibase also accepts, by its prefix alone (one code point).
     *
     * @throws MultiformatException for an empty or unknown name
     */
    public static Multibase byName(String name) {
        if (name.isEmpty()) {
            throw new MultiformatException("empty multibase encoding");
        }
        for (Multibase b : values()) {
            if (b.baseName.equals(name) || b.prefix.equals(name)) {
                return b;
            }
        }
        throw new MultiformatException("unsupported multibase encoding: " + name);
    }

    /** The prefix followed by the encoded text. */
    public String encode(byte[] data) {
        return prefix + encodeBare(data);
    }

    /**
     * The prefix and the encoded text as bytes (UTF-8; identity carries any bytes after its 0x00): what
     * {@code multibase encode} writes.
     */
    public byte[] encodeToBytes(byte[] data) {
        if (this == IDENTITY) {
            byte[] out = new byte[data.length + 1];
            System.arraycopy(data, 0, out, 1, data.length);
            return out;
        }
        return encode(data).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The encoded text without the prefix.
     *
     * @throws MultiformatException for identity with bytes that are not valid UTF-8 (they have no text)
     */
    public String encodeBare(byte[] data) {
        return switch (this) {
            case IDENTITY -> utf8(data);
            case BASE2 -> Base2.encode(data);
            case BASE32_PAD -> BASE32_PAD_CODEC.encode(data);
            case BASE32_PAD_UPPER -> BASE32_PAD_UPPER_CODEC.encode(data);
            case BASE32_HEX -> BASE32_HEX_CODEC.encode(data);
            case BASE32_HEX_UPPER -> BASE32_HEX_UPPER_CODEC.encode(data);
            case BASE32_HEX_PAD -> BASE32_HEX_PAD_CODEC.encode(data);
            case BASE32_HEX_PAD_UPPER -> BASE32_HEX_PAD_UPPER_CODEC.encode(data);
            case BASE36_UPPER -> BASE36_UPPER_CODEC.encode(data);
            case BASE58_FLICKR -> BASE58_FLICKR_CODEC.encode(data);
            case BASE256_EMOJI -> Base256Emoji.encode(data);
            case BASE58BTC -> Base58.encode(data);
            case BASE32 -> BASE32_LOWER_CODEC.encode(data);
            case BASE32_UPPER -> BASE32_UPPER_CODEC.encode(data);
            case BASE36 -> BASE36_CODEC.encode(data);
            case BASE16 -> HEX_LOWER.formatHex(data);
            case BASE16_UPPER -> HEX_UPPER.formatHex(data);
            case BASE64 -> Base64.getEncoder().withoutPadding().encodeToString(data);
            case BASE64_URL -> Base64.getUrlEncoder().withoutPadding().encodeToString(data);
            case BASE64_PAD -> Base64.getEncoder().encodeToString(data);
            case BASE64_URL_PAD -> Base64.getUrlEncoder().encodeToString(data);
        };
    }

    /**
     * Decodes text without the prefix.
     *
     * @throws MultiformatException if the text is not the canonical encoding of some bytes in this base
     */
    public byte[] decodeBare(String text) {
        return switch (this) {
            case IDENTITY -> utf8(text);
            case BASE2 -> Base2.decode(text);
            case BASE32_PAD -> BASE32_PAD_CODEC.decode(text);
            case BASE32_PAD_UPPER -> BASE32_PAD_UPPER_CODEC.decode(text);
            case BASE32_HEX -> BASE32_HEX_CODEC.decode(text);
            case BASE32_HEX_UPPER -> BASE32_HEX_UPPER_CODEC.decode(text);
            case BASE32_HEX_PAD -> BASE32_HEX_PAD_CODEC.decode(text);
            case BASE32_HEX_PAD_UPPER -> BASE32_HEX_PAD_UPPER_CODEC.decode(text);
            case BASE36_UPPER -> BASE36_UPPER_CODEC.decode(text);
            case BASE58_FLICKR -> BASE58_FLICKR_CODEC.decode(text);
            case BASE256_EMOJI -> Base256Emoji.decode(text);
            case BASE58BTC -> Base58.decode(text);
            case BASE32 -> BASE32_LOWER_CODEC.decode(text);
            case BASE32_UPPER -> BASE32_UPPER_CODEC.decode(text);
            case BASE36 -> BASE36_CODEC.decode(text);
            case BASE16 -> decodeHex(text, false);
            case BASE16_UPPER -> decodeHex(text, true);
            case BASE64, BASE64_PAD -> decodeBase64(text, Base64.getDecoder());
            case BASE64_URL, BASE64_URL_PAD -> decodeBase64(text, Base64.getUrlDecoder());
        };
    }

    /**
     * Decodes prefixed text.
     *
     * @throws MultiformatException on an empty string, an unknown prefix or malformed text
     */
    public static byte[] decode(String withPrefix) {
        Multibase base = of(withPrefix);
        return base.decodeBare(withPrefix.substring(base.prefix.length()));
    }

    /**
     * The base of prefixed text, by its first code point; the rest of the text is not looked at.
     *
     * @throws MultiformatException on an empty string or an unknown prefix
     */
    public static Multibase of(String withPrefix) {
        if (withPrefix.isEmpty()) {
            throw new MultiformatException("empty multibase string");
        }
        return of(withPrefix.codePointAt(0));
    }

    /**
     * Decodes prefixed text given as bytes (what {@code multibase decode} reads): identity's bytes are taken as they
     * are, other text must be UTF-8.
     *
     * @throws MultiformatException on empty input, an unknown prefix or malformed text
     */
    public static byte[] decode(byte[] withPrefix) {
        if (withPrefix.length > 0 && withPrefix[0] == 0) {
            return java.util.Arrays.copyOfRange(withPrefix, 1, withPrefix.length);
        }
        return decode(utf8(withPrefix));
    }

    /**
     * @throws MultiformatException for a prefix code point not in this enum
     */
    public static Multibase of(int prefix) {
        return switch (prefix) {
            case '\0' -> IDENTITY;
            case '0' -> BASE2;
            case 'c' -> BASE32_PAD;
            case 'C' -> BASE32_PAD_UPPER;
            case 'v' -> BASE32_HEX;
            case 'V' -> BASE32_HEX_UPPER;
            case 't' -> BASE32_HEX_PAD;
            case 'T' -> BASE32_HEX_PAD_UPPER;
            case 'K' -> BASE36_UPPER;
            case 'Z' -> BASE58_FLICKR;
            case 'z' -> BASE58BTC;
            case 'b' -> BASE32;
            case 'B' -> BASE32_UPPER;
            case 'k' -> BASE36;
            case 'f' -> BASE16;
            case 'F' -> BASE16_UPPER;
            case 'm' -> BASE64;
            case 'u' -> BASE64_URL;
            case 'M' -> BASE64_PAD;
            case 'U' -> BASE64_URL_PAD;
            case 0x1F680 -> BASE256_EMOJI;
            default -> throw new MultiformatException("unsupported multibase prefix '" + printable(prefix) + "'");
        };
    }

    private byte[] decodeHex(String text, boolean upper) {
        // a bad character is told before an odd length, as Go's encoding/hex does
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (upper ? (c >= 'A' && c <= 'F') : (c >= 'a' && c <= 'f'));
            if (!ok) {
                throw new MultiformatException("invalid " + baseName + " character at " + i);
            }
        }
        if (text.length() % 2 != 0) {
            throw new MultiformatException("odd " + baseName + " length " + text.length());
        }
        return HexFormat.of().parseHex(text);
    }

    private byte[] decodeBase64(String text, Base64.Decoder decoder) {
        byte[] out;
        try {
            out = decoder.decode(text);
        } catch (IllegalArgumentException e) {
            throw new MultiformatException("invalid " + baseName + " text", e);
        }
        // the JDK decoder tolerates missing padding and non-zero trailing bits: insist on the canonical form
        if (!encodeBare(out).equals(text)) {
            throw new MultiformatException("non-canonical " + baseName + " text");
        }
        return out;
    }

    private static String utf8(byte[] data) {
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(data)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new MultiformatException("not valid UTF-8 text");
        }
    }

    /** ASCII as it is, other code points escaped (a lone surrogate or a control must not reach a terminal raw). */
    /** Strict: a lone surrogate has no UTF-8 (getBytes would silently write '?' for it). */
    private static byte[] utf8(String text) {
        try {
            java.nio.ByteBuffer b = java.nio.charset.StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .encode(java.nio.CharBuffer.wrap(text));
            return java.util.Arrays.copyOf(b.array(), b.limit());
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new MultiformatException("identity text with a lone surrogate is not valid UTF-8");
        }
    }

    private static String printable(int cp) {
        if (cp >= 0x20 && cp < 0x7F) {
            return Character.toString(cp);
        }
        return cp <= 0xFFFF ? String.format("\\u%04x", cp) : String.format("\\U%08x", cp);
    }
}
