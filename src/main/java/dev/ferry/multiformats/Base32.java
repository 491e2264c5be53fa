package dev.ferry.multiformats;

import java.util.Arrays;

/**
 * RFC 4648 base32 (the standard or the "extended hex" alphabet), with or without padding, one case only; decoding is
 * strict (canonical trailing bits, exactly the padding the length calls for).
 */
final class Base32 {
    static final String STANDARD = "abcdefghijklmnopqrstuvwxyz234567";
    static final String HEX = "0123456789abcdefghijklmnopqrstuv";

    private final char[] alphabet;
    private final byte[] index = new byte[128];
    private final boolean padded;

    /** The standard alphabet without padding. */
    Base32(boolean upper) {
        this(STANDARD, upper, false);
    }

    Base32(String alphabet, boolean upper, boolean padded) {
        this.alphabet = (upper ? alphabet.toUpperCase(java.util.Locale.ROOT) : alphabet).toCharArray();
        this.padded = padded;
        Arrays.fill(index, (byte) -1);
        for (int i = 0; i < 32; i++) {
            index[this.alphabet[i]] = (byte) i;
        }
    }

    String encode(byte[] data) {
        String bare = encodeBare(data);
        return padded && bare.length() % 8 != 0 ? bare + "=".repeat(8 - bare.length() % 8) : bare;
    }

    byte[] decode(CharSequence text) {
        if (!padded) {
            return decodeBare(text);
        }
        if (text.length() % 8 != 0) {
            throw new MultiformatException("invalid padded base32 length " + text.length());
        }
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '=') {
            end--;
        }
        // the padding must be what encoding these bytes gives: none, 1, 3, 4 or 6 characters
        if (end % 8 != 0 && text.length() - end != 8 - end % 8 || end % 8 == 0 && end != text.length()) {
            throw new MultiformatException("invalid base32 padding");
        }
        return decodeBare(text.subSequence(0, end));
    }

    private String encodeBare(byte[] data) {
        StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                sb.append(alphabet[(buffer >>> bits) & 31]);
            }
        }
        if (bits > 0) {
            sb.append(alphabet[(buffer << (5 - bits)) & 31]);
        }
        return sb.toString();
    }

    private byte[] decodeBare(CharSequence text) {
        int len = text.length();
        int rem = len % 8;
        // 8 chars = 5 bytes; a final group of 1, 3 or 6 chars cannot come from whole bytes
        if (rem == 1 || rem == 3 || rem == 6) {
            throw new MultiformatException("invalid base32 length " + len);
        }
        byte[] out = new byte[(int) ((long) len * 5 / 8)];
        int buffer = 0;
        int bits = 0;
        int o = 0;
        for (int i = 0; i < len; i++) {
            char c = text.charAt(i);
            int v = c < 128 ? index[c] : -1;
            if (v < 0) {
                throw new MultiformatException("invalid base32 character at " + i);
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (buffer >>> bits);
            }
        }
        if ((buffer & ((1 << bits) - 1)) != 0) {
            throw new MultiformatException("non-zero trailing bits in base32");
        }
        return out;
    }
}
