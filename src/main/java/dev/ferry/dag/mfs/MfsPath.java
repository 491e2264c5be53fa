package dev.ferry.dag.mfs;

import java.util.ArrayList;
import java.util.List;

/**
 * An absolute MFS path, cleaned as Go's {@code path.Clean} cleans it (empty and {@code .} segments dropped,
 * {@code ..} removes the segment before it and stops at the root), remembering whether it ended with a slash
 * ({@code files cp /ipfs/CID /dir/} copies into {@code /dir}).
 *
 * @param segments      the names from the root down; empty for the root
 * @param trailingSlash whether the text ended with '/' (never for the root)
 */
public record MfsPath(List<String> segments, boolean trailingSlash) {
    /** Longest path text accepted. */
    static final int MAX_LENGTH = 4096;

    public MfsPath {
        segments = List.copyOf(segments);
    }

    public static final MfsPath ROOT = new MfsPath(List.of(), false);

    /** @throws MfsArgumentException for an empty, relative, overlong path or one with a NUL */
    public static MfsPath parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new MfsArgumentException("paths must not be empty");
        }
        if (text.charAt(0) != '/') {
            throw new MfsArgumentException("paths must start with a leading slash: " + text);
        }
        if (text.length() > MAX_LENGTH) {
            throw new MfsArgumentException("path longer than " + MAX_LENGTH + " characters");
        }
        if (text.indexOf('\0') >= 0) {
            throw new MfsArgumentException("path contains a NUL character");
        }
        List<String> out = new ArrayList<>();
        for (String s : text.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
                continue;
            }
            out.add(s);
        }
        return new MfsPath(out, !out.isEmpty() && text.endsWith("/"));
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    /** The last name; the root has none. */
    public String name() {
        if (isRoot()) {
            throw new MfsArgumentException("the root has no name");
        }
        return segments.get(segments.size() - 1);
    }

    /** The directory holding this entry; the root for a top-level name. */
    public MfsPath parent() {
        if (isRoot()) {
            throw new MfsArgumentException("the root has no parent");
        }
        return new MfsPath(segments.subList(0, segments.size() - 1), false);
    }

    /** This path with one more name. */
    public MfsPath child(String name) {
        List<String> s = new ArrayList<>(segments);
        s.add(name);
        return new MfsPath(s, false);
    }

    /** Whether {@code other} is this path or lies below it. */
    public boolean contains(MfsPath other) {
        return other.segments.size() >= segments.size()
                && other.segments.subList(0, segments.size()).equals(segments);
    }

    @Override
    public String toString() {
        return "/" + String.join("/", segments);
    }
}
