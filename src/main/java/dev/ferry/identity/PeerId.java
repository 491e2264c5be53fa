package dev.ferry.identity;

import dev.ferry.multiformats.Base58;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.MultiformatException;
import dev.ferry.multiformats.Multibase;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.multiformats.Multihash;
import java.util.Optional;

/**
 * A peer ID: the multihash of a serialized public key (identity when the key is at most 42 bytes, else sha2-256).
 * Immutable, value semantics over the multihash bytes. Only the two canonical forms are accepted: an identity
 * multihash holding a valid key of at most 42 bytes, or a sha2-256 multihash with a 32-byte digest.
 */
public final class PeerId {
    /** Serialized keys up to this length are inlined (identity multihash). */
    public static final int MAX_INLINE_KEY_LENGTH = 42;
    /** Longest text accepted by {@link #parse}: far above any canonical form (base16 CIDs are ~100 characters). */
    public static final int MAX_TEXT_LENGTH = 256;

    private final Multihash multihash;
    private final PublicKey inlineKey; // null for sha2-256 ids
    // the text form, made at the first toString: peer IDs name threads, tallies and log lines on every request.
    // A race only computes the same string twice.
    private String text;

    private PeerId(Multihash multihash, PublicKey inlineKey) {
        this.multihash = multihash;
        this.inlineKey = inlineKey;
    }

    public static PeerId fromPublicKey(PublicKey key) {
        byte[] m = key.marshal();
        return m.length <= MAX_INLINE_KEY_LENGTH
                ? new PeerId(Multihash.identity(m), key)
                : new PeerId(Multihash.sha256(m), null);
    }

    /**
     * @throws KeyFormatException if the multihash is not a canonical peer ID
     */
    public static PeerId fromMultihash(Multihash mh) {
        if (mh.code() == Multicodec.SHA2_256.code()) {
            if (mh.digestLength() != 32) {
                throw new KeyFormatException("sha2-256 peer ID must have a 32-byte digest");
            }
            return new PeerId(mh, null);
        }
        if (mh.code() == Multicodec.IDENTITY.code()) {
            if (mh.digestLength() > MAX_INLINE_KEY_LENGTH) {
                throw new KeyFormatException("identity peer ID holds " + mh.digestLength() + " bytes > "
                        + MAX_INLINE_KEY_LENGTH + " (such keys are hashed)");
            }
            return new PeerId(mh, PublicKey.unmarshal(mh.digest()));
        }
        throw new KeyFormatException("peer ID multihash must be identity or sha2-256, not 0x" + Long.toHexString(mh.code()));
    }

    /**
     * The binary form (a multihash).
     *
     * @throws KeyFormatException if malformed
     */
    public static PeerId fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length > 2 + Multihash.MAX_DIGEST_LENGTH + 8) {
            throw new KeyFormatException("peer ID bytes missing or too long");
        }
        try {
            return fromMultihash(Multihash.decode(bytes));
        } catch (MultiformatException e) {
            throw new KeyFormatException("peer ID is not a multihash: " + e.getMessage(), e);
        }
    }

    /**
     * Parses bare base58btc ({@code Qm…}, {@code 12D3KooW…}, {@code 16Uiu2…}: starting with 'Q' or '1') or a CIDv1 with
     * codec libp2p-key in any multibase ({@code bafz…}, {@code k51…}).
     *
     * @throws KeyFormatException if the text is not a peer ID
     */
    public static PeerId parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_TEXT_LENGTH) {
            throw new KeyFormatException("peer ID text empty or longer than " + MAX_TEXT_LENGTH);
        }
        try {
            char c = text.charAt(0);
            if (c == '1' || c == 'Q') {
                return fromBytes(Base58.decode(text));
            }
            Cid cid = Cid.parse(text);
            if (cid.version() != 1 || cid.codec() != Multicodec.LIBP2P_KEY.code()) {
                throw new KeyFormatException("CID is not a peer ID (needs CIDv1 with codec libp2p-key): " + text);
            }
            return fromMultihash(cid.multihash());
        } catch (MultiformatException e) {
            throw new KeyFormatException("not a peer ID: " + e.getMessage(), e);
        }
    }

    /** A copy of the binary form (the multihash bytes). */
    public byte[] bytes() {
        return multihash.bytes();
    }

    public Multihash multihash() {
        return multihash;
    }

    /** The public key, when it is inlined (identity multihash). */
    public Optional<PublicKey> extractPublicKey() {
        return Optional.ofNullable(inlineKey);
    }

    /** Whether this ID is derived from {@code key}. */
    public boolean matches(PublicKey key) {
        return fromPublicKey(key).equals(this);
    }

    /** The CIDv1 (codec libp2p-key) form. */
    public Cid toCid() {
        return Cid.v1(Multicodec.LIBP2P_KEY.code(), multihash);
    }

    /** The CIDv1 text in the given multibase, e.g. {@code BASE36} for {@code k51…}. */
    public String toCidString(Multibase base) {
        return toCid().toString(base);
    }

    /** Bare base58btc, the canonical text form. */
    @Override
    public String toString() {
        String t = text;
        if (t == null) {
            t = multihash.toBase58();
            text = t;
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerId p && multihash.equals(p.multihash);
    }

    @Override
    public int hashCode() {
        return multihash.hashCode();
    }
}
