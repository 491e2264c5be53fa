package dev.ferry.dag.unixfs;

/**
 * How a file's bytes are cut into leaves: Kubo's {@code --chunker} values, parsed by {@link #parse} with Kubo's
 * syntax, limits and messages.
 *
 * <ul>
 *   <li>{@code size-N}: fixed chunks of N bytes (1..{@link ImportOptions#MAX_CHUNK_SIZE}); {@code ""} and
 *       {@code default} mean {@code size-262144}.
 *   <li>{@code rabin}, {@code rabin-AVG}, {@code rabin-MIN-AVG-MAX} (labels allowed: {@code rabin-min:A-avg:B-max:C}):
 *       Rabin fingerprints over a 16-byte window; a bare {@code rabin} is an average of 262144, and with only an
 *       average the minimum is AVG/3 and the maximum AVG + AVG/2.
 *   <li>{@code buzhash}: a rolling buzhash over 32 bytes with fixed sizes, 128 KiB to 512 KiB.
 * </ul>
 */
public sealed interface ChunkerSpec permits ChunkerSpec.Fixed, ChunkerSpec.Rabin, ChunkerSpec.Buzhash {

    /** Kubo's limit on a chunk (boxo's ChunkSizeLimit). */
    int CHUNK_SIZE_LIMIT = ImportOptions.MAX_CHUNK_SIZE;

    String ERR_SIZE = "chunker size must be greater than 0";
    String ERR_SIZE_MAX = "chunker parameters may not exceed the maximum chunk size of " + CHUNK_SIZE_LIMIT;
    String ERR_RABIN_MIN = "rabin min must be greater than 16";

    /** The largest chunk this chunker makes. */
    int maxChunkSize();

    /** The spec in Kubo's syntax. */
    String spec();

    /** Kubo's default: fixed 256 KiB chunks. */
    Fixed DEFAULT = new Fixed(ImportOptions.DEFAULT_CHUNK_SIZE);

    /** Fixed chunks of {@code size} bytes, then the remainder. */
    record Fixed(int size) implements ChunkerSpec {
        public Fixed {
            if (size <= 0) {
                throw new IllegalArgumentException(ERR_SIZE);
            }
            if (size > CHUNK_SIZE_LIMIT) {
                throw new IllegalArgumentException(ERR_SIZE_MAX);
            }
        }

        @Override
        public int maxChunkSize() {
            return size;
        }

        @Override
        public String spec() {
            return "size-" + size;
        }
    }

    /**
     * Rabin fingerprint chunks: at least {@code min} bytes (but the last), at most {@code max}, cut where the
     * fingerprint modulo {@code polynomial} has its low floor(log2(avg)) bits zero.
     *
     * @param polynomial an irreducible polynomial over GF(2) of degree 9..55: Kubo's
     *                   ({@link #KUBO_POLYNOMIAL}) unless given; js ipfs-unixfs-importer uses {@link #JS_POLYNOMIAL}
     */
    record Rabin(int min, int avg, int max, long polynomial) implements ChunkerSpec {
        /** Kubo's polynomial (boxo chunk.IpfsRabinPoly), of degree 53. */
        public static final long KUBO_POLYNOMIAL = 17437180132763653L;
        /** The polynomial of js ipfs-unixfs-importer's rabin chunker (rabin-wasm), of degree 53. */
        public static final long JS_POLYNOMIAL = 0x3DA3358B4DC173L;

        /** Kubo's chunker {@code rabin-MIN-AVG-MAX}. */
        public Rabin(int min, int avg, int max) {
            this(min, avg, max, KUBO_POLYNOMIAL);
        }

        public Rabin {
            int degree = 63 - Long.numberOfLeadingZeros(polynomial);
            if (degree < 9 || degree > 55) {
                throw new IllegalArgumentException("rabin polynomial degree must be 9..55: " + degree);
            }
            if (min < 16) {
                throw new IllegalArgumentException(ERR_RABIN_MIN);
            }
            if (min >= avg) {
                throw new IllegalArgumentException("incorrect format: rabin-min must be smaller than rabin-avg");
            }
            if (avg >= max) {
                throw new IllegalArgumentException("incorrect format: rabin-avg must be smaller than rabin-max");
            }
            if (max > CHUNK_SIZE_LIMIT) {
                throw new IllegalArgumentException(ERR_SIZE_MAX);
            }
        }

        /** Kubo's {@code rabin-AVG}: minimum AVG/3, maximum AVG + AVG/2. */
        public static Rabin ofAverage(int avg) {
            if ((int) (avg * 1.5f) > CHUNK_SIZE_LIMIT) {
                throw new IllegalArgumentException(ERR_SIZE_MAX);
            }
            // Kubo takes any average here; below 48 its minimum would wrap around (one chunk for the whole file)
            if (avg / 3 < 16) {
                throw new IllegalArgumentException(ERR_RABIN_MIN);
            }
            return new Rabin(avg / 3, avg, avg + avg / 2);
        }

        @Override
        public int maxChunkSize() {
            return max;
        }

        /** Kubo's syntax (which has no polynomial: a spec with another one names Kubo's). */
        @Override
        public String spec() {
            return "rabin-" + min + "-" + avg + "-" + max;
        }
    }

    /** Kubo's buzhash chunker (its sizes are fixed). */
    record Buzhash() implements ChunkerSpec {
        @Override
        public int maxChunkSize() {
            return BuzhashChunker.MAX;
        }

        @Override
        public String spec() {
            return "buzhash";
        }
    }

    /**
     * Parses Kubo's {@code --chunker} syntax.
     *
     * @throws IllegalArgumentException with Kubo's message for a bad value
     */
    static ChunkerSpec parse(String spec) {
        if (spec == null || spec.isEmpty() || spec.equals("default")) {
            return DEFAULT;
        }
        if (spec.startsWith("size-")) {
            // as Kubo: the number is what stands between the first and a possible second '-'
            return new Fixed(atoi(spec.split("-", -1)[1]));
        }
        if (spec.startsWith("rabin")) {
            return parseRabin(spec);
        }
        if (spec.equals("buzhash")) {
            return new Buzhash();
        }
        throw new IllegalArgumentException("unrecognized chunker option: " + spec);
    }

    private static Rabin parseRabin(String spec) {
        String[] parts = spec.split("-", -1);
        return switch (parts.length) {
            case 1 -> Rabin.ofAverage(ImportOptions.DEFAULT_CHUNK_SIZE);
            case 2 -> Rabin.ofAverage(atoi(parts[1]));
            case 4 -> {
                int min = labelled(parts[1], "min", "first label must be min");
                if (min < 16) {
                    throw new IllegalArgumentException(ERR_RABIN_MIN);
                }
                int avg = labelled(parts[2], "avg", "second label must be avg");
                int max = labelled(parts[3], "max", "final label must be max");
                yield new Rabin(min, avg, max);
            }
            default -> throw new IllegalArgumentException(
                    "incorrect format (expected 'rabin' 'rabin-[avg]' or 'rabin-[min]-[avg]-[max]'");
        };
    }

    /** A number, optionally written {@code label:N}. */
    private static int labelled(String part, String label, String wrongLabel) {
        String[] sub = part.split(":", -1);
        if (sub.length > 1 && !sub[0].equals(label)) {
            throw new IllegalArgumentException(wrongLabel);
        }
        return atoi(sub[sub.length - 1]);
    }

    /** Go's strconv.Atoi: an optional sign and decimal digits, with its error text. */
    private static int atoi(String s) {
        if (!s.matches("[+-]?[0-9]+")) {
            throw new IllegalArgumentException("strconv.Atoi: parsing \"" + s + "\": invalid syntax");
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            // beyond int: no chunker limit allows it anyway
            throw new IllegalArgumentException(s.startsWith("-") ? ERR_SIZE : ERR_SIZE_MAX, e);
        }
    }
}
