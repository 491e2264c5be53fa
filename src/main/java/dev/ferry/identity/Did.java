package dev.ferry.identity;

import dev.ferry.multiformats.Base58;
import dev.ferry.multiformats.MultiformatException;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.multiformats.Varint;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A {@code did:key} DID: {@code did:key:z} + base58btc({@code varint(multicodec) ‖ raw public key}). Supported keys:
 * Ed25519 (ed-pub 0xed, 32 bytes, {@code z6Mk…}) and secp256k1 (0xe7, 33-byte compressed, {@code zQ3s…}).
 * Immutable, value semantics.
 */
public final class Did {
    public static final String PREFIX = "did:key:";
    /** Longer than any supported DID (Ed25519 ones are 56 characters). */
    public static final int MAX_TEXT_LENGTH = 128;

    private final PublicKey key;
    private final String text;

    private Did(PublicKey key, String text) {
        this.key = key;
        this.text = text;
    }

    /**
     * @throws IllegalArgumentException for key types without a did:key form here (RSA, ECDSA)
     */
    public static Did of(PublicKey key) {
        long codec = switch (key.type()) {
            case ED25519 -> Multicodec.ED25519_PUB.code();
            case SECP256K1 -> Multicodec.SECP256K1_PUB.code();
            case RSA, ECDSA -> throw new IllegalArgumentException("no did:key form for " + key.type() + " keys here");
        };
        byte[] raw = key.raw();
        byte[] prefix = Varint.encode(codec);
        byte[] all = Arrays.copyOf(prefix, prefix.length + raw.length);
        System.arraycopy(raw, 0, all, prefix.length, raw.length);
        return new Did(key, PREFIX + "z" + Base58.encode(all));
    }

    /**
     * Parses a {@code did:key} DID (no fragment, path or query).
     *
     * @throws KeyFormatException if the text is not a supported did:key
     */
    public static Did parse(String text) {
        if (text == null || text.length() > MAX_TEXT_LENGTH || !text.startsWith(PREFIX + "z")) {
            throw new KeyFormatException("not a did:key with a base58btc ('z') key");
        }
        byte[] all;
        try {
            all = Base58.decode(text.substring(PREFIX.length() + 1));
        } catch (MultiformatException e) {
            throw new KeyFormatException("did:key: bad base58btc: " + e.getMessage(), e);
        }
        ByteBuffer buf = ByteBuffer.wrap(all);
        long codec;
        try {
            codec = Varint.decode(buf);
        } catch (MultiformatException e) {
            throw new KeyFormatException("did:key: bad multicodec prefix: " + e.getMessage(), e);
        }
        byte[] raw = Arrays.copyOfRange(all, buf.position(), all.length);
        PublicKey key;
        if (codec == Multicodec.ED25519_PUB.code()) {
            key = Ed25519PublicKey.of(raw);
        } else if (codec == Multicodec.SECP256K1_PUB.code()) {
            key = Secp256k1PublicKey.of(raw);
        } else {
            throw new KeyFormatException("did:key: unsupported key codec 0x" + Long.toHexString(codec));
        }
        Did did = of(key);
        // base58 has one spelling per byte string, but check anyway: one DID, one text.
        if (!did.text.equals(text)) {
            throw new KeyFormatException("did:key is not in canonical form");
        }
        return did;
    }

    public PublicKey publicKey() {
        return key;
    }

    /** The multibase key value ({@code z…}), which is also the fragment naming the key. */
    public String multibaseKey() {
        return text.substring(PREFIX.length());
    }

    /** The DID URL of the key itself: {@code did:key:z…#z…}. */
    public String keyId() {
        return text + "#" + multibaseKey();
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Did d && text.equals(d.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
