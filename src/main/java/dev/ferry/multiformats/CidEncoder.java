package dev.ferry.multiformats;

import java.util.Optional;

/**
 * How a command prints CIDs, from Kubo's {@code --cid-base} and {@code --upgrade-cidv0-in-output} options: v1 CIDs in
 * {@code base}; v0 CIDs stay bare base58btc ("Qm…") unless {@code upgrade} makes them v1 first (same codec and
 * multihash), since v0 has no other text form.
 *
 * <p>Kubo has two flavours: most commands upgrade v0 as soon as a base is given ({@link #of}); the low-level ones
 * ({@code dag put}, {@code dag resolve}) keep v0 unless the upgrade is asked for ({@link #lowLevel}). Commands that
 * take a path print like the path's own CID when no base is given ({@link #fromPath}).
 *
 * @param base the base of v1 CIDs
 * @param upgrade whether v0 CIDs are printed as v1
 */
public record CidEncoder(Multibase base, boolean upgrade) {
    /** Kubo's default: v1 in base32, v0 as it is. */
    public static final CidEncoder DEFAULT = new CidEncoder(Multibase.BASE32, false);

    /**
     * @throws MultiformatException for the identity base, whose text would be the CID's raw bytes
     */
    public CidEncoder {
        if (base == Multibase.IDENTITY) {
            throw new MultiformatException("unsupported multibase encoding for CIDs: identity");
        }
    }

    /**
     * The encoder of a command that upgrades v0 once a base is given (Kubo's {@code GetCidEncoder}).
     *
     * @param base the {@code cid-base} option; null or empty when not given
     * @param upgrade the {@code upgrade-cidv0-in-output} option; null when not given (an explicit false keeps v0
     *     even with a base)
     * @throws MultiformatException for an unknown base
     */
    public static CidEncoder of(String base, Boolean upgrade) {
        return build(base, upgrade, true);
    }

    /**
     * The encoder of a low-level command (Kubo's {@code GetLowLevelCidEncoder}): a base alone does not upgrade v0.
     *
     * @throws MultiformatException for an unknown base
     */
    public static CidEncoder lowLevel(String base, Boolean upgrade) {
        return build(base, upgrade, false);
    }

    private static CidEncoder build(String base, Boolean upgrade, boolean autoUpgrade) {
        boolean given = base != null && !base.isEmpty();
        Multibase b = given ? Multibase.byName(base) : Multibase.BASE32;
        boolean up = upgrade != null ? upgrade : given && autoUpgrade;
        return new CidEncoder(b, up);
    }

    /**
     * An encoder that prints like the CID a path starts with ({@code CID}, {@code CID/...} or {@code /ns/CID/...}):
     * a v0 CID gives the default encoder, a v1 CID its own base with upgrades on; empty when the path names no CID.
     */
    public static Optional<CidEncoder> fromPath(String path) {
        String[] parts = path.split("/", 4);
        String maybe;
        if (!parts[0].isEmpty()) {
            maybe = parts[0];
        } else if (parts.length >= 3) {
            maybe = parts[2];
        } else {
            return Optional.empty();
        }
        try {
            Cid cid = Cid.parse(maybe);
            if (cid.version() == 0) {
                return Optional.of(DEFAULT);
            }
            Multibase b = Cid.textBase(maybe);
            return b == Multibase.IDENTITY ? Optional.empty() : Optional.of(new CidEncoder(b, true));
        } catch (MultiformatException e) {
            return Optional.empty();
        }
    }

    /** The CID's text under this encoder. */
    public String encode(Cid cid) {
        Cid c = upgrade ? cid.toV1() : cid;
        return c.version() == 0 ? c.toString() : c.toString(base);
    }

    /**
     * Re-encodes CID text (as an answer from a daemon carries it).
     *
     * @throws MultiformatException if the text is not a CID
     */
    public String recode(String cidText) {
        return encode(Cid.parse(cidText));
    }
}
