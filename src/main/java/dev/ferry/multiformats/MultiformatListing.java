package dev.ferry.multiformats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What {@code cid bases|codecs|hashes} list: the multibases, content codecs and hash functions ferry implements (not
 * the whole multicodec table, which would offer what ferry cannot read), each as a code and a name, in the order
 * Kubo prints them.
 */
public final class MultiformatListing {
    /** One row: for a base the code is its prefix code point. */
    public record Entry(long code, String name) {}

    private MultiformatListing() {}

    /** By prefix letter ignoring case, lower case before upper (Kubo's multibaseSorter). */
    public static List<Entry> bases() {
        List<Entry> out = new ArrayList<>();
        for (Multibase b : Multibase.values()) {
            out.add(new Entry(b.code(), b.baseName()));
        }
        out.sort(Comparator.<Entry>comparingInt(e -> Character.toLowerCase((int) e.code()))
                .thenComparing(Comparator.comparingLong(Entry::code).reversed()));
        return out;
    }

    /** By code. */
    public static List<Entry> codecs() {
        return byCode(Multicodec.contentCodecs());
    }

    /** By code: the functions ferry makes content with and accepts ({@link HashFunction#acceptedFunctions()}). */
    public static List<Entry> hashes() {
        List<Entry> out = new ArrayList<>();
        for (HashFunction f : HashFunction.acceptedFunctions()) {
            out.add(new Entry(f.code(), f.functionName()));
        }
        return out;
    }

    private static List<Entry> byCode(List<Multicodec> codes) {
        List<Entry> out = new ArrayList<>();
        for (Multicodec c : codes) {
            out.add(new Entry(c.code(), c.codecName()));
        }
        out.sort(Comparator.comparingLong(Entry::code));
        return out;
    }
}
