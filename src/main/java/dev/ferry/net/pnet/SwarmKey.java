package dev.ferry.net.pnet;

import dev.ferry.crypto.Salsa20;
import dev.ferry.crypto.Shake128;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A libp2p private network's pre-shared key (PSK v1): 32 secret bytes that every member of the network holds, kept in
 * a {@code swarm.key} file of three parts, each line ending in {@code \n}, {@code \r\n} or {@code \r}:
 * <pre>
 * /key/swarm/psk/1.0.0/
 * /base16/            (or /base64/, or /bin/ followed by the 32 raw bytes)
 * 64 hex digits
 * </pre>
 * In the text forms the key is the third line, with or without whitespace around it; only blank lines may follow. After
 * {@code /bin/} exactly 32 bytes follow. {@link #toString()} shows only the {@link #fingerprint()}.
 */
public final class SwarmKey {
    public static final int LENGTH = 32;
    public static final String HEADER = "/key/swarm/psk/1.0.0/";
    /** A swarm key file is three short lines; anything much longer is not one. */
    public static final int MAX_FILE_BYTES = 1024;
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] FINGERPRINT_NONCE = "finprint".getBytes(StandardCharsets.US_ASCII);

    private final byte[] key;

    private SwarmKey(byte[] key) {
        this.key = key;
    }

    /** A key of exactly 32 bytes (copied). */
    public static SwarmKey of(byte[] key) {
        if (key == null || key.length != LENGTH) {
            throw new InvalidSwarmKeyException("a swarm key is 32 bytes, not " + (key == null ? 0 : key.length));
        }
        return new SwarmKey(key.clone());
    }

    public static SwarmKey generate(SecureRandom random) {
        byte[] k = new byte[LENGTH];
        random.nextBytes(k);
        return new SwarmKey(k);
    }

    /**
     * Reads a {@code swarm.key} file.
     *
     * @throws InvalidSwarmKeyException when the file is not a PSK v1 key (the message names the file)
     * @throws IOException when it cannot be read
     */
    public static SwarmKey read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new InvalidSwarmKeyException(file + ": not a swarm key (" + size + " bytes; a key file is under "
                    + MAX_FILE_BYTES + ")");
        }
        try {
            return parse(Files.readAllBytes(file));
        } catch (InvalidSwarmKeyException e) {
            throw new InvalidSwarmKeyException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses the contents of a {@code swarm.key} file.
     *
     * @throws InvalidSwarmKeyException for anything that is not a PSK v1 key
     */
    public static SwarmKey parse(byte[] file) {
        if (file.length > MAX_FILE_BYTES) {
            throw new InvalidSwarmKeyException("not a swarm key (" + file.length + " bytes)");
        }
        int[] pos = {0};
        String header = line(file, pos);
        if (!HEADER.equals(header)) {
            throw new InvalidSwarmKeyException("not a swarm key: the first line must be " + HEADER);
        }
        String encoding = line(file, pos);
        byte[] key = switch (encoding) {
            case "/bin/" -> Arrays.copyOfRange(file, pos[0], file.length);
            case "/base16/" -> decode(file, pos, "base16", HEX::parseHex);
            case "/base64/" -> decode(file, pos, "base64", t -> Base64.getDecoder().decode(t));
            case null -> throw new InvalidSwarmKeyException("swarm key ends after its first line");
            default -> throw new InvalidSwarmKeyException("unknown swarm key encoding '" + printable(encoding)
                    + "' (expected /base16/, /base64/ or /bin/)");
        };
        if (key.length != LENGTH) {
            throw new InvalidSwarmKeyException("a swarm key is 32 bytes, this one has " + key.length);
        }
        return new SwarmKey(key);
    }

    /** The file form ({@code /base16/}), as Kubo's and js-libp2p's key generators write it. */
    public String encode() {
        return HEADER + "\n/base16/\n" + HEX.formatHex(key) + "\n";
    }

    /** The 32 key bytes (a copy). */
    public byte[] bytes() {
        return key.clone();
    }

    /**
     * What Kubo prints as "Swarm key fingerprint": 16 bytes in hex, SHAKE128 over 64 bytes of the Salsa20 keystream
     * under the key (nonce "finprint"), so that members can compare keys without showing them.
     */
    public String fingerprint() {
        return HEX.formatHex(Shake128.digest(Salsa20.keystream(key, FINGERPRINT_NONCE, 64), 16));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SwarmKey other && MessageDigest.isEqual(key, other.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "SwarmKey[" + fingerprint() + "]";
    }

    /** The next line's text (terminator dropped), or null at the end of the input. */
    private static String line(byte[] b, int[] pos) {
        int start = pos[0];
        if (start >= b.length) {
            return null;
        }
        int i = start;
        while (i < b.length && b[i] != '\n' && b[i] != '\r') {
            i++;
        }
        String text = new String(b, start, i - start, StandardCharsets.ISO_8859_1);
        if (i < b.length) {
            i += b[i] == '\r' && i + 1 < b.length && b[i + 1] == '\n' ? 2 : 1;
        }
        pos[0] = i;
        return text;
    }

    private interface Decoder {
        byte[] decode(String text);
    }

    /** The third line, decoded; only blank lines may follow it. */
    private static byte[] decode(byte[] file, int[] pos, String name, Decoder decoder) {
        String text = line(file, pos);
        if (text == null) {
            throw new InvalidSwarmKeyException("swarm key ends before the key");
        }
        if (!new String(file, pos[0], file.length - pos[0], StandardCharsets.ISO_8859_1).isBlank()) {
            throw new InvalidSwarmKeyException("swarm key has more after the key");
        }
        text = text.strip();
        try {
            return decoder.decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidSwarmKeyException("swarm key is not valid " + name, e);
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        StringBuilder sb = new StringBuilder(cut.length());
        for (char c : cut.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7f || c == '…' ? c : '?');
        }
        return sb.toString();
    }
}
