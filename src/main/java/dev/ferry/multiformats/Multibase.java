package dev.ferry.multiformats;

import java.util.Base64;
import java.util.HexFormat;

/**
 * The multibase encodings ferry reads and writes: one prefix character, then the text in that base. Decoding is
 * strict: only the canonical text of some byte string is accepted (no stray padding, no non-zero trailing bits,
 * no mixed case).
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
    BASE64_URL_PAD('U', "base64urlpad");

    private static final Base32 BASE32_LOWER_CODEC = new Base32(false);
    private static final Base32 BASE32_UPPER_CODEC = new Base32(true);
    private static final RadixCodec BASE36_CODEC = new RadixCodec("base36", "0123456789abcdefghijklmnopqrstuvwxyz");
    private static final HexFormat HEX_LOWER = HexFormat.of();
    private static final HexFormat HEX_UPPER = HexFormat.of().withUpperCase();

    private final char prefix;
    private final String baseName;

    Multibase(char prefix, String baseName) {
        this.prefix = prefix;
        this.baseName = baseName;
    }

    public char prefix() {
        return prefix;
    }

    /** The name in the multibase table (as go-multibase spells it), e.g. {@code "base32upper"}. */
    public String baseName() {
        return baseName;
    }

    /**
     * A base by its table name or, as go-multibase also accepts, by its one-character prefix.
     *
     * @throws MultiformatException for an empty or unknown name
     */
    public static Multibase byName(String name) {
        if (name.isEmpty()) {
            throw new MultiformatException("empty multibase encoding");
        }
        for (Multibase b : values()) {
            if (b.baseName.equals(name) || (name.length() == 1 && name.charAt(0) == b.prefix)) {
                return b;
            }
        }
        throw new MultiformatException("unsupported multibase encoding: " + name);
    }

    /** The prefix character followed by the encoded text. */
    public String encode(byte[] data) {
        return prefix + encodeBare(data);
    }

    /** The encoded text without the prefix. */
    public String encodeBare(byte[] data) {
        return switch (this) {
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
        if (withPrefix.isEmpty()) {
            throw new MultiformatException("empty multibase string");
        }
        return of(withPrefix.charAt(0)).decodeBare(withPrefix.substring(1));
    }

    /**
     * @throws MultiformatException for a prefix not in this enum
     */
    public static Multibase of(char prefix) {
        return switch (prefix) {
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
            default -> throw new MultiformatException("unsupported multibase prefix '" + printable(prefix) + "'");
        };
    }

    private byte[] decodeHex(String text, boolean upper) {
        if (text.length() % 2 != 0) {
            throw new MultiformatException("odd base16 length " + text.length());
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (upper ? (c >= 'A' && c <= 'F') : (c >= 'a' && c <= 'f'));
            if (!ok) {
                throw new MultiformatException("invalid base16 character at " + i);
            }
        }
        return HexFormat.of().parseHex(text);
    }

    private byte[] decodeBase64(String text, Base64.Decoder decoder) {
        byte[] out;
        try {
            out = decoder.decode(text);
        } catch (IllegalArgumentException e) {
            throw new MultiformatException("invalid " + name().toLowerCase(java.util.Locale.ROOT) + " text", e);
        }
        // the JDK decoder tolerates missing padding and non-zero trailing bits: insist on the canonical form
        if (!encodeBare(out).equals(text)) {
            throw new MultiformatException("non-canonical " + name().toLowerCase(java.util.Locale.ROOT) + " text");
        }
        return out;
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }
}
