package dev.ferry.multiformats;

import java.util.Arrays;

/** RFC 4648 base32 without padding, one case only; decoding is strict (canonical trailing bits). */
final class Base32 {
    private final char[] alphabet;
    private final byte[] index = new byte[128];

    Base32(boolean upper) {
        String a = "abcdefghijklmnopqrstuvwxyz234567";
        alphabet = (upper ? a.toUpperCase(java.util.Locale.ROOT) : a).toCharArray();
        Arrays.fill(index, (byte) -1);
        for (int i = 0; i < 32; i++) {
            index[alphabet[i]] = (byte) i;
        }
    }

    String encode(byte[] data) {
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

    byte[] decode(CharSequence text) {
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
