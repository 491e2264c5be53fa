package dev.ferry.multiformats;

import java.util.Arrays;

/**
 * Big-number radix conversion used by base58btc and base36: the input is read as one big-endian number, and each
 * leading zero byte is written as one "zero" digit (the alphabet's first character) so it survives the round trip.
 * Quadratic in the length, so decoding is capped at {@link #MAX_DECODE_CHARS} characters, and encoding at the bytes
 * whose text that cap can read back.
 */
final class RadixCodec {
    /** Longest text accepted by {@link #decode}; CIDs and keys are far shorter. */
    static final int MAX_DECODE_CHARS = 8192;

    private final String name;
    private final char[] alphabet;
    private final int radix;
    private final byte[] index = new byte[128];
    private final int maxEncodeBytes;

    RadixCodec(String name, String alphabet) {
        this.name = name;
        this.alphabet = alphabet.toCharArray();
        this.radix = alphabet.length();
        this.maxEncodeBytes = (int) (MAX_DECODE_CHARS * Math.log(radix) / Math.log(256));
        Arrays.fill(index, (byte) -1);
        for (int i = 0; i < this.alphabet.length; i++) {
            index[this.alphabet[i]] = (byte) i;
        }
    }

    String encode(byte[] data) {
        if (data.length > maxEncodeBytes) {
            throw new MultiformatException(name + " encodes at most " + maxEncodeBytes + " bytes: " + data.length);
        }
        int zeros = 0;
        while (zeros < data.length && data[zeros] == 0) {
            zeros++;
        }
        // digits needed: ceil(bytes * log(256) / log(radix)), with margin
        int capacity = (int) ((data.length - zeros) * (Math.log(256) / Math.log(radix))) + 1;
        byte[] digits = new byte[capacity]; // little-endian digits
        int used = 0;
        for (int i = zeros; i < data.length; i++) {
            int carry = data[i] & 0xFF;
            int j = 0;
            for (; j < used || carry != 0; j++) {
                carry += (digits[j] & 0xFF) << 8;
                digits[j] = (byte) (carry % radix);
                carry /= radix;
            }
            used = j;
        }
        StringBuilder sb = new StringBuilder(zeros + used);
        for (int i = 0; i < zeros; i++) {
            sb.append(alphabet[0]);
        }
        for (int i = used - 1; i >= 0; i--) {
            sb.append(alphabet[digits[i]]);
        }
        return sb.toString();
    }

    byte[] decode(CharSequence text) {
        int len = text.length();
        if (len > MAX_DECODE_CHARS) {
            throw new MultiformatException(name + " text too long: " + len + " > " + MAX_DECODE_CHARS);
        }
        int zeros = 0;
        while (zeros < len && text.charAt(zeros) == alphabet[0]) {
            zeros++;
        }
        // bytes needed: ceil(chars * log(radix) / log(256)), with margin
        int capacity = (int) ((len - zeros) * (Math.log(radix) / Math.log(256))) + 1;
        byte[] bytes = new byte[capacity]; // little-endian bytes
        int used = 0;
        for (int i = zeros; i < len; i++) {
            char c = text.charAt(i);
            int digit = c < 128 ? index[c] : -1;
            if (digit < 0) {
                throw new MultiformatException("invalid " + name + " character at " + i);
            }
            int carry = digit;
            int j = 0;
            for (; j < used || carry != 0; j++) {
                carry += (bytes[j] & 0xFF) * radix;
                bytes[j] = (byte) carry;
                carry >>>= 8;
            }
            used = j;
        }
        byte[] out = new byte[zeros + used];
        for (int i = 0; i < used; i++) {
            out[zeros + i] = bytes[used - 1 - i];
        }
        return out;
    }
}
