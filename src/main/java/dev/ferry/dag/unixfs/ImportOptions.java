package dev.ferry.dag.unixfs;

import dev.ferry.multiformats.HashFunction;

/**
 * How {@link UnixfsImporter} builds a DAG. {@link #kuboDefaults()} gives Kubo's {@code ipfs add} (profile
 * {@code unixfs-v0-2015}): CIDv0, dag-pb leaves, 256 KiB chunks, balanced layout with 174 links per node, HAMT
 * directories (fanout 256) once the links estimate is strictly above 256 KiB.
 *
 * @param cidVersion          0 or 1: the version of every dag-pb node (raw leaves are always CIDv1)
 * @param rawLeavesOverride   null: raw leaves exactly when {@code cidVersion == 1} (Kubo's rule); else as given
 * @param chunker             how file content is cut into leaves (Kubo {@code --chunker}, see {@link ChunkerSpec})
 * @param trickle             trickle layout instead of balanced
 * @param maxLinks            links per file node (balanced and trickle), 2..{@link #MAX_LINKS}
 * @param wrapWithDirectory   wrap what is added in a directory named by its name (Kubo {@code -w})
 * @param hidden              include entries whose name starts with a dot (Kubo {@code --hidden})
 * @param onlyHash            compute CIDs without storing any block
 * @param shardThresholdBytes a directory becomes a HAMT when its links estimate (name bytes + CID bytes per entry)
 *                            is strictly above this
 * @param shardFanout         HAMT fanout, a power of two from 8 to 1024
 * @param metadata            UnixFS 1.5 mode and mtime to store (Kubo {@code --mode}, {@code --mtime},
 *                            {@code --preserve-mode}, ...); when any is asked for, leaves are dag-pb unless raw
 *                            leaves were asked for explicitly, which is refused (Kubo's rule: the root of a file
 *                            must be a dag-pb node to hold them)
 * @param hashFunction        the multihash function of every block (Kubo {@code --hash}); another than sha2-256 needs
 *                            CIDv1 ({@link #cidVersionFor}). The HAMT's bucket hash stays murmur3 whatever it is.
 * @param inlineLimit         Kubo {@code --inline}: 0 for none; else every block (leaf, file node, directory, HAMT
 *                            shard) whose encoding is at most this many bytes gets an identity CIDv1 of its codec
 *                            instead, so that its bytes travel in the CID and are never stored
 */
public record ImportOptions(
        int cidVersion,
        Boolean rawLeavesOverride,
        ChunkerSpec chunker,
        boolean trickle,
        int maxLinks,
        boolean wrapWithDirectory,
        boolean hidden,
        boolean onlyHash,
        long shardThresholdBytes,
        int shardFanout,
        MetadataOptions metadata,
        HashFunction hashFunction,
        int inlineLimit) {

    public static final int DEFAULT_CHUNK_SIZE = 262_144;
    /** Kubo's limit on one leaf's data (boxo helpers.BlockSizeLimit). */
    public static final int MAX_CHUNK_SIZE = 1 << 20;
    public static final int DEFAULT_MAX_LINKS = 174;
    /** Keeps an internal file node far below the 2 MiB block limit. */
    public static final int MAX_LINKS = 8192;
    public static final long DEFAULT_SHARD_THRESHOLD = 262_144;
    public static final int DEFAULT_FANOUT = 256;

    public ImportOptions {
        if (cidVersion != 0 && cidVersion != 1) {
            throw new IllegalArgumentException("cidVersion must be 0 or 1: " + cidVersion);
        }
        java.util.Objects.requireNonNull(chunker, "chunker");
        if (maxLinks < 2 || maxLinks > MAX_LINKS) {
            throw new IllegalArgumentException("maxLinks must be 2.." + MAX_LINKS + ": " + maxLinks);
        }
        if (shardThresholdBytes < 0) {
            throw new IllegalArgumentException("negative shard threshold");
        }
        if (shardFanout < 8 || shardFanout > 1024 || Integer.bitCount(shardFanout) != 1) {
            throw new IllegalArgumentException("fanout must be a power of two in 8..1024: " + shardFanout);
        }
        java.util.Objects.requireNonNull(metadata, "metadata");
        if (metadata.any() && Boolean.TRUE.equals(rawLeavesOverride)) {
            throw new IllegalArgumentException(RAW_LEAVES_WITH_METADATA);
        }
        java.util.Objects.requireNonNull(hashFunction, "hashFunction");
        if (!hashFunction.accepted()) {
            throw new IllegalArgumentException(HashFunction.INSECURE + ": " + hashFunction);
        }
        if (cidVersion == 0 && hashFunction != HashFunction.SHA2_256) {
            throw new IllegalArgumentException(CIDV0_SHA256_ONLY);
        }
        checkInlineLimit(inlineLimit);
    }

    /** Kubo's {@code --inline-limit} default. */
    public static final int DEFAULT_INLINE_LIMIT = 32;
    /** The largest limit: an identity multihash longer than this is refused everywhere (boxo verifcid). */
    public static final int MAX_INLINE_LIMIT = dev.ferry.multiformats.Multihash.MAX_DIGEST_LENGTH;

    /**
     * @throws IllegalArgumentException with Kubo's message for a limit above {@link #MAX_INLINE_LIMIT}, and for a
     *                                  negative one (which Kubo takes silently as no inlining)
     */
    public static void checkInlineLimit(int limit) {
        if (limit > MAX_INLINE_LIMIT) {
            throw new IllegalArgumentException("inline-limit " + limit + " exceeds maximum allowed size of "
                    + MAX_INLINE_LIMIT + " bytes");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("inline-limit must not be negative: " + limit);
        }
    }

    /** Kubo's error when CIDv0 is asked for with a hash function other than sha2-256. */
    public static final String CIDV0_SHA256_ONLY = "CIDv0 only supports sha2-256";

    /**
     * Kubo's CID version for an import: the one given (option or config), else 1 for a hash function other than
     * sha2-256 (CIDv0 has only sha2-256), else 0. A given 0 with another function is refused by the constructor.
     */
    public static int cidVersionFor(Integer given, HashFunction hashFunction) {
        if (given != null) {
            return given;
        }
        return hashFunction == HashFunction.SHA2_256 ? 0 : 1;
    }

    /** Kubo's error when raw leaves are asked for together with metadata. */
    public static final String RAW_LEAVES_WITH_METADATA =
            "raw-leaves can't be used with UnixFS metadata like mode or modification time";

    /** Kubo's {@code ipfs add} defaults. */
    public static ImportOptions kuboDefaults() {
        return new ImportOptions(0, null, ChunkerSpec.DEFAULT, false, DEFAULT_MAX_LINKS, false, false, false,
                DEFAULT_SHARD_THRESHOLD, DEFAULT_FANOUT, MetadataOptions.NONE, HashFunction.SHA2_256, 0);
    }

    /**
     * Whether file leaves are raw blocks (CIDv1 raw) rather than dag-pb UnixFS nodes: never when metadata is asked
     * for (Kubo turns raw leaves off then).
     */
    public boolean rawLeaves() {
        if (rawLeavesOverride != null) {
            return rawLeavesOverride;
        }
        return cidVersion == 1 && !metadata.any();
    }

    /** Whether raw leaves were asked for explicitly (then metadata on an entry is refused rather than honoured). */
    public boolean rawLeavesExplicit() {
        return Boolean.TRUE.equals(rawLeavesOverride);
    }

    public ImportOptions withCidVersion(int v) {
        return new ImportOptions(v, rawLeavesOverride, chunker, trickle, maxLinks, wrapWithDirectory, hidden,
                onlyHash, shardThresholdBytes, shardFanout, metadata, hashFunction, inlineLimit);
    }

    public ImportOptions withRawLeaves(boolean raw) {
        return new ImportOptions(cidVersion, raw, chunker, trickle, maxLinks, wrapWithDirectory, hidden, onlyHash,
                shardThresholdBytes, shardFanout, metadata, hashFunction, inlineLimit);
    }

    /**
     * The fixed chunk size; for a content-defined chunker (rabin, buzhash), the largest chunk it makes.
     */
    public int chunkSize() {
        return chunker.maxChunkSize();
    }

    /** Fixed chunks of {@code size} bytes ({@code size-N}). */
    public ImportOptions withChunkSize(int size) {
        return withChunker(new ChunkerSpec.Fixed(size));
    }

    /**
     * Kubo's chunker syntax: {@code size-N}, {@code rabin}, {@code rabin-AVG}, {@code rabin-MIN-AVG-MAX},
     * {@code buzhash} (see {@link ChunkerSpec}).
     *
     * @throws IllegalArgumentException with Kubo's message for a bad value
     */
    public ImportOptions withChunker(String spec) {
        return withChunker(ChunkerSpec.parse(spec));
    }

    public ImportOptions withChunker(ChunkerSpec c) {
        return new ImportOptions(cidVersion, rawLeavesOverride, c, trickle, maxLinks, wrapWithDirectory, hidden,
                onlyHash, shardThresholdBytes, shardFanout, metadata, hashFunction, inlineLimit);
    }

    public ImportOptions withTrickle(boolean t) {
        return new ImportOptions(cidVersion, rawLeavesOverride, chunker, t, maxLinks, wrapWithDirectory, hidden,
                onlyHash, shardThresholdBytes, shardFanout, metadata, hashFunction, inlineLimit);
    }

    public ImportOptions withMaxLinks(int n) {
        return new ImportOptions(cidVersion, rawLeavesOverride, chunker, trickle, n, wrapWithDirectory, hidden,
                onlyHash, shardThresholdBytes, shardFanout, metadata, hashFunction, inlineLimit);
    }

    public ImportOptions withWrapWithDirectory(boolean w) {
        return new ImportOptions(cidVersion, rawLeavesOverride, chunker, trickle, maxLinks, w, hidden, onlyHash,
                shardThresholdBytes, shardFanout, metadata, hashFunction, inlineLimit);
    }

    public ImportOptions withHidden(boolean h) {
        return new ImportOptions(cidVersion, rawLeavesOverride, chunker, trickle, maxLinks, wrapWithDirectory, h,
                onlyHash, shardThresholdBytes, shardFanout, metadata, hashFunction, inlineLimit);
    }

    public ImportOptions withOnlyHash(boolean o) {
        return new ImportOptions(cidVersion, rawLeavesOverride, chunker, trickle, maxLinks, wrapWithDirectory,
                hidden, o, shardThresholdBytes, shardFanout, metadata, hashFunction, inlineLimit);
    }

    public ImportOptions withShardThresholdBytes(long t) {
        return new ImportOptions(cidVersion, rawLeavesOverride, chunker, trickle, maxLinks, wrapWithDirectory,
                hidden, onlyHash, t, shardFanout, metadata, hashFunction, inlineLimit);
    }

    public ImportOptions withShardFanout(int f) {
        return new ImportOptions(cidVersion, rawLeavesOverride, chunker, trickle, maxLinks, wrapWithDirectory,
                hidden, onlyHash, shardThresholdBytes, f, metadata, hashFunction, inlineLimit);
    }

    public ImportOptions withMetadata(MetadataOptions m) {
        return new ImportOptions(cidVersion, rawLeavesOverride, chunker, trickle, maxLinks, wrapWithDirectory,
                hidden, onlyHash, shardThresholdBytes, shardFanout, m, hashFunction, inlineLimit);
    }

    /** Blocks of at most {@code limit} bytes get identity CIDs (0: none); see {@link #inlineLimit()}. */
    public ImportOptions withInlineLimit(int limit) {
        return new ImportOptions(cidVersion, rawLeavesOverride, chunker, trickle, maxLinks, wrapWithDirectory,
                hidden, onlyHash, shardThresholdBytes, shardFanout, metadata, hashFunction, limit);
    }

    /** Every block hashed with {@code f}; set the CID version first ({@link #cidVersionFor}): CIDv0 refuses it. */
    public ImportOptions withHashFunction(HashFunction f) {
        return new ImportOptions(cidVersion, rawLeavesOverride, chunker, trickle, maxLinks, wrapWithDirectory,
                hidden, onlyHash, shardThresholdBytes, shardFanout, metadata, f, inlineLimit);
    }
}
