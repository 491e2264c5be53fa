package dev.ferry.multiformats;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Text and binary forms of multiaddr component values. Binary values are validated so that every accepted value
 * prints to text that parses back to the same bytes.
 */
final class MultiaddrValues {
    private static final Base32 BASE32_LOWER = new Base32(false);

    private MultiaddrValues() {
    }

    /** Parses the text of a value into its binary form (without any length prefix). */
    static byte[] parse(MultiaddrProtocol p, String text) {
        byte[] value = switch (p.kind()) {
            case NONE -> throw new MultiformatException("/" + p.protocolName() + " takes no value");
            case IP4 -> parseIp4(text);
            case IP6 -> parseIp6(text);
            case PORT -> {
                int port = parseDecimal(text, 0xFFFF, "port");
                yield new byte[] {(byte) (port >>> 8), (byte) port};
            }
            case BYTE -> new byte[] {(byte) parseDecimal(text, 0xFF, p.protocolName())};
            case TEXT, PATH -> utf8(text);
            case MULTIHASH -> parseP2p(text);
            case ONION -> parseOnion(p, text);
            case GARLIC64 -> garlic64Decode(text);
            case GARLIC32 -> {
                if (text.indexOf('=') >= 0) {
                    throw new MultiformatException("garlic32 text must not be padded");
                }
                yield BASE32_LOWER.decode(text);
            }
            case CERTHASH -> Multibase.decode(text);
        };
        validate(p, value);
        return value;
    }

    /** The text of a valid binary value. */
    static String format(MultiaddrProtocol p, byte[] v) {
        return switch (p.kind()) {
            case NONE -> "";
            case IP4 -> (v[0] & 0xFF) + "." + (v[1] & 0xFF) + "." + (v[2] & 0xFF) + "." + (v[3] & 0xFF);
            case IP6 -> formatIp6(v);
            case PORT -> Integer.toString(((v[0] & 0xFF) << 8) | (v[1] & 0xFF));
            case BYTE -> Integer.toString(v[0] & 0xFF);
            case TEXT, PATH -> new String(v, StandardCharsets.UTF_8);
            case MULTIHASH -> Base58.encode(v);
            case ONION -> {
                int host = v.length - 2;
                int port = ((v[host] & 0xFF) << 8) | (v[host + 1] & 0xFF);
                yield BASE32_LOWER.encode(java.util.Arrays.copyOf(v, host)) + ":" + port;
            }
            case GARLIC64 -> Base64.getEncoder().encodeToString(v).replace('+', '-').replace('/', '~');
            case GARLIC32 -> BASE32_LOWER.encode(v);
            case CERTHASH -> Multibase.BASE64_URL.encode(v);
        };
    }

    /**
     * Checks a binary value for its protocol (fixed sizes, well-formed contents).
     *
     * @throws MultiformatException if the value is not valid for the protocol
     */
    static void validate(MultiaddrProtocol p, byte[] v) {
        int bits = p.sizeBits();
        if (bits > 0 && v.length * 8 != bits) {
            throw new MultiformatException("/" + p.protocolName() + " value must be " + bits / 8 + " bytes, got " + v.length);
        }
        if (bits == 0 && v.length != 0) {
            throw new MultiformatException("/" + p.protocolName() + " takes no value");
        }
        if (bits < 0 && v.length > MultiaddrProtocol.MAX_VALUE_LENGTH) {
            throw new MultiformatException("/" + p.protocolName() + " value too long: " + v.length);
        }
        switch (p.kind()) {
            case TEXT -> {
                String s = strictUtf8(p, v);
                if (s.isEmpty() || s.indexOf('/') >= 0) {
                    throw new MultiformatException("/" + p.protocolName() + " value must be non-empty without '/'");
                }
            }
            case PATH -> {
                String s = strictUtf8(p, v);
                // text form is "/unix" + path, and trailing slashes are trimmed when parsing
                if (s.length() < 2 || s.charAt(0) != '/' || s.endsWith("/")) {
                    throw new MultiformatException("unix path must start with '/' and not end with '/'");
                }
            }
            case MULTIHASH, CERTHASH -> Multihash.decode(v);
            case ONION -> {
                if (v[v.length - 2] == 0 && v[v.length - 1] == 0) {
                    throw new MultiformatException("/" + p.protocolName() + " port must be at least 1");
                }
            }
            case GARLIC64 -> {
                if (v.length < 386) {
                    throw new MultiformatException("garlic64 value too short: " + v.length);
                }
            }
            case GARLIC32 -> {
                if (v.length < 35 && v.length != 32) {
                    throw new MultiformatException("garlic32 value must be 32 or at least 35 bytes, got " + v.length);
                }
            }
            default -> {
            }
        }
    }

    // ip4: exactly four decimal octets, no leading zeros
    private static byte[] parseIp4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new MultiformatException("invalid ip4 address: " + text);
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            out[i] = (byte) parseDecimal(parts[i], 255, "ip4 octet");
        }
        return out;
    }

    /** A decimal in 0..max, digits only, no leading zeros. */
    private static int parseDecimal(String s, int max, String what) {
        if (s.isEmpty() || s.length() > 5 || (s.length() > 1 && s.charAt(0) == '0')) {
            throw new MultiformatException("invalid " + what + ": " + s);
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new MultiformatException("invalid " + what + ": " + s);
            }
            v = v * 10 + (c - '0');
        }
        if (v > max) {
            throw new MultiformatException(what + " out of range: " + s);
        }
        return v;
    }

    private static byte[] parseIp6(String text) {
        String s = text;
        byte[] tail = new byte[0];
        int lastColon = s.lastIndexOf(':');
        if (lastColon < 0) {
            throw new MultiformatException("invalid ip6 address: " + text);
        }
        if (s.indexOf('.', lastColon) >= 0) {
            // embedded ip4 in the last 32 bits
            tail = parseIp4(s.substring(lastColon + 1));
            String head = s.substring(0, lastColon + 1);
            s = head.endsWith("::") ? head : head.substring(0, head.length() - 1);
        }
        int groupsWanted = (16 - tail.length) / 2;
        int ellipsis = s.indexOf("::");
        if (ellipsis >= 0 && s.indexOf("::", ellipsis + 1) >= 0) {
            throw new MultiformatException("invalid ip6 address (two '::'): " + text);
        }
        int[] left;
        int[] right;
        if (ellipsis >= 0) {
            left = groups(s.substring(0, ellipsis), text);
            right = groups(s.substring(ellipsis + 2), text);
            if (left.length + right.length >= groupsWanted) {
                throw new MultiformatException("invalid ip6 address: " + text);
            }
        } else {
            left = groups(s, text);
            right = new int[0];
            if (left.length != groupsWanted) {
                throw new MultiformatException("invalid ip6 address: " + text);
            }
        }
        byte[] out = new byte[16];
        for (int i = 0; i < left.length; i++) {
            out[2 * i] = (byte) (left[i] >>> 8);
            out[2 * i + 1] = (byte) left[i];
        }
        int base = 2 * groupsWanted - 2 * right.length;
        for (int i = 0; i < right.length; i++) {
            out[base + 2 * i] = (byte) (right[i] >>> 8);
            out[base + 2 * i + 1] = (byte) right[i];
        }
        System.arraycopy(tail, 0, out, 16 - tail.length, tail.length);
        return out;
    }

    private static int[] groups(String s, String whole) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        if (parts.length > 8) {
            throw new MultiformatException("invalid ip6 address: " + whole);
        }
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String g = parts[i];
            if (g.isEmpty() || g.length() > 4) {
                throw new MultiformatException("invalid ip6 address: " + whole);
            }
            int v = 0;
            for (int j = 0; j < g.length(); j++) {
                int d = Character.digit(g.charAt(j), 16);
                if (d < 0 || g.charAt(j) > 'f') {
                    throw new MultiformatException("invalid ip6 address: " + whole);
                }
                v = (v << 4) | d;
            }
            out[i] = v;
        }
        return out;
    }

    // RFC 5952: lower case, longest run (>= 2) of zero groups as "::", IPv4-mapped as ::ffff:a.b.c.d
    private static String formatIp6(byte[] v) {
        boolean mapped = v[10] == (byte) 0xFF && v[11] == (byte) 0xFF;
        for (int i = 0; i < 10 && mapped; i++) {
            mapped = v[i] == 0;
        }
        if (mapped) {
            return "::ffff:" + (v[12] & 0xFF) + "." + (v[13] & 0xFF) + "." + (v[14] & 0xFF) + "." + (v[15] & 0xFF);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((v[2 * i] & 0xFF) << 8) | (v[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    // go-multiaddr: "Qm…"/"1…" is a base58 multihash, anything else a CIDv1 with codec libp2p-key; other base58
    // multihashes (e.g. sha2-512 ones) are accepted as a fallback so that every valid binary value prints back
    private static byte[] parseP2p(String text) {
        if (text.startsWith("Qm") || text.startsWith("1")) {
            return Base58.decode(text);
        }
        try {
            Cid cid = Cid.parse(text);
            if (cid.codec() != Multicodec.LIBP2P_KEY.code()) {
                throw new MultiformatException("/p2p CID must have codec libp2p-key, got 0x" + Long.toHexString(cid.codec()));
            }
            return cid.multihash().bytes();
        } catch (MultiformatException notCid) {
            try {
                return Multihash.decode(Base58.decode(text)).bytes();
            } catch (MultiformatException notBase58) {
                throw notCid;
            }
        }
    }

    private static byte[] parseOnion(MultiaddrProtocol p, String text) {
        int hostChars = p == MultiaddrProtocol.ONION ? 16 : 56;
        int colon = text.indexOf(':');
        if (colon != hostChars || text.indexOf(':', colon + 1) >= 0) {
            throw new MultiformatException("invalid /" + p.protocolName() + " address: " + text);
        }
        // onion names are case-insensitive base32; printed lower case
        byte[] host = BASE32_LOWER.decode(text.substring(0, colon).toLowerCase(Locale.ROOT));
        int port = parseDecimal(text.substring(colon + 1), 0xFFFF, "port");
        byte[] out = java.util.Arrays.copyOf(host, host.length + 2);
        out[host.length] = (byte) (port >>> 8);
        out[host.length + 1] = (byte) port;
        return out;
    }

    // i2p base64: the standard alphabet with '-' and '~' for '+' and '/', padded
    private static byte[] garlic64Decode(String text) {
        if (text.indexOf('+') >= 0 || text.indexOf('/') >= 0) {
            throw new MultiformatException("invalid garlic64 character");
        }
        String std = text.replace('-', '+').replace('~', '/');
        byte[] out;
        try {
            out = Base64.getDecoder().decode(std);
        } catch (IllegalArgumentException e) {
            throw new MultiformatException("invalid garlic64 text", e);
        }
        if (!Base64.getEncoder().encodeToString(out).equals(std)) {
            throw new MultiformatException("non-canonical garlic64 text");
        }
        return out;
    }

    private static byte[] utf8(String s) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .encode(CharBuffer.wrap(s));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new MultiformatException("value is not valid unicode text", e);
        }
    }

    private static String strictUtf8(MultiaddrProtocol p, byte[] v) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(v))
                .toString();
        } catch (CharacterCodingException e) {
            throw new MultiformatException("/" + p.protocolName() + " value is not valid UTF-8", e);
        }
    }
}
