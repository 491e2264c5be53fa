package dev.ferry.multiformats;

/** Multibase base2: eight '0'/'1' digits per byte, most significant bit first. */
final class Base2 {
    private Base2() {}

    static String encode(byte[] data) {
        StringBuilder sb = new StringBuilder(data.length * 8);
        for (byte b : data) {
            for (int bit = 7; bit >= 0; bit--) {
                sb.append((b >>> bit & 1) == 0 ? '0' : '1');
            }
        }
        return sb.toString();
    }

    static byte[] decode(String text) {
        if (text.length() % 8 != 0) {
            throw new MultiformatException("invalid base2 length " + text.length() + ": not a whole number of bytes");
        }
        byte[] out = new byte[text.length() / 8];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '0' && c != '1') {
                throw new MultiformatException("invalid base2 character at " + i);
            }
            out[i / 8] = (byte) (out[i / 8] << 1 | (c - '0'));
        }
        return out;
    }
}
