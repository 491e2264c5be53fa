package dev.ferry.api.gateway;

import dev.ferry.dag.unixfs.UnixfsException;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsPathException;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Blockstore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a UnixFS site serves for a path it does not have: the first matching rule of its {@code _redirects} file
 * (read at the site root, parsed once per root and kept for a few roots), and Kubo's legacy {@code ipfs-404.html}
 * pages. The site root is the content root, or for a name whose value points into a directory, that directory.
 */
final class MissingPaths {
    /** Parsed files kept, by site root (each at most 64 KiB of text). */
    static final int CACHED_FILES = 32;
    static final String REDIRECTS = "_redirects";
    static final String LEGACY_404 = "ipfs-404.html";

    /** What the site's rules say to do. */
    sealed interface Outcome {
    }

    /** Answer {@code status} with {@code Location: location} (already merged with the request's query). */
    record Redirect(int status, String location) implements Outcome {
    }

    /** Serve {@code path} instead, with its own status (rule status 200). */
    record Rewrite(ContentPath path, int line) implements Outcome {
    }

    /** Serve the file at {@code path} with {@code status} (404, 410 or 451). */
    record Page(int status, ContentPath path, int line) implements Outcome {
    }

    /** A site's file: none, its rules, or why it cannot be used (immutable content: the answer never changes). */
    private sealed interface Parsed {
    }

    private record NoFile() implements Parsed {
    }

    private record Rules(RedirectsFile file) implements Parsed {
    }

    private record Broken(String message) implements Parsed {
    }

    private final Map<Cid, Parsed> cache = new LinkedHashMap<>(CACHED_FILES * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Cid, Parsed> eldest) {
            return size() > CACHED_FILES;
        }
    };

    /**
     * The outcome of the site's {@code _redirects} for {@code path}, which is missing; empty when the site has no such
     * file or no rule matches.
     *
     * @param rawQuery the request's raw query (kept on redirects), or null
     * @throws GatewayException 500 when the file is not a file, too large or malformed, or a matching rule's target
     *                          cannot be used; the store's failures pass
     */
    Optional<Outcome> redirects(Blockstore store, ContentPath path, String rawQuery) {
        List<Cid> dirs = walk(store, path);
        int hidden = path.hiddenSegments();
        if (dirs.size() <= hidden) {
            return Optional.empty(); // the site root itself is missing
        }
        Parsed parsed = parsed(store, dirs.get(hidden));
        switch (parsed) {
            case NoFile n -> {
                return Optional.empty();
            }
            case Broken b -> throw new GatewayException(500, "could not parse _redirects: " + b.message());
            case Rules rules -> {
                List<String> below = path.segments().subList(hidden, path.segments().size());
                return rules.file().first(below).map(m -> outcome(m, path, rawQuery));
            }
        }
    }

    private static Outcome outcome(RedirectsFile.Match m, ContentPath path, String rawQuery) {
        RedirectRule rule = m.rule();
        if (rule.isRedirect()) {
            return new Redirect(rule.status(), RedirectLocation.of(m.target(), rawQuery));
        }
        String where = "_redirects line " + rule.line();
        if (!m.target().startsWith("/") || m.target().startsWith("//")) {
            throw new GatewayException(500, where + ": a " + rule.status() + " rule must name a path on this site, "
                    + "not a URL");
        }
        String target = m.target();
        int cut = firstOf(target, '?', '#');
        target = cut < 0 ? target : target.substring(0, cut);
        StringBuilder raw = new StringBuilder(ContentPath.PREFIX).append(PercentCoding.encodeSegment(path.rootText()));
        for (String s : path.segments().subList(0, path.hiddenSegments())) {
            raw.append('/').append(PercentCoding.encodeSegment(s));
        }
        ContentPath to;
        try {
            to = ContentPath.parse(raw.append(target.equals("/") ? "/" : target).toString())
                    .shownAs(path.shownPrefix(), path.hiddenSegments());
        } catch (GatewayException e) {
            throw new GatewayException(500, where + ": cannot use the target " + target + ": " + e.getMessage());
        }
        return rule.isRewrite() ? new Rewrite(to, rule.line()) : new Page(rule.status(), to, rule.line());
    }

    private static int firstOf(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    private Parsed parsed(Blockstore store, Cid siteRoot) {
        synchronized (cache) {
            Parsed p = cache.get(siteRoot);
            if (p != null) {
                return p;
            }
        }
        // read outside the lock: fetching may take long; two requests at once may both parse, which is harmless
        Parsed p = read(store, siteRoot);
        synchronized (cache) {
            cache.put(siteRoot, p);
        }
        return p;
    }

    private static Parsed read(Blockstore store, Cid siteRoot) {
        UnixfsExporter exporter = new UnixfsExporter(store);
        Cid file;
        try {
            file = exporter.resolve(siteRoot, REDIRECTS);
        } catch (UnixfsPathException e) {
            return new NoFile();
        }
        DagNode node = DagNode.of(DagNode.load(store, file));
        if (!node.isFile()) {
            return new Broken(REDIRECTS + " is not a file");
        }
        long size = GatewayHandler.fileSize(node);
        if (size > RedirectsFile.MAX_BYTES) {
            return new Broken("redirects file size cannot exceed " + RedirectsFile.MAX_BYTES + " bytes");
        }
        byte[] bytes;
        try (InputStream in = exporter.cat(file, 0, size)) {
            bytes = in.readNBytes(RedirectsFile.MAX_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new Rules(RedirectsFile.parse(bytes));
        } catch (RedirectsFileException e) {
            return new Broken(e.getMessage());
        }
    }

    /**
     * The nearest {@code ipfs-404.html} file in the directories of {@code path} that exist, from the deepest up to
     * the site root; empty when there is none (or the nearest one is not a file).
     */
    static Optional<Cid> legacy404(Blockstore store, ContentPath path) {
        List<Cid> dirs = walk(store, path);
        UnixfsExporter exporter = new UnixfsExporter(store);
        for (int i = dirs.size() - 1; i >= path.hiddenSegments(); i--) {
            Cid page;
            try {
                page = exporter.resolve(dirs.get(i), LEGACY_404);
            } catch (UnixfsException e) {
                continue; // not here (or not a directory): look further up
            }
            return DagNode.of(DagNode.load(store, page)).isFile() ? Optional.of(page) : Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * The CIDs along {@code path} as far as it resolves through UnixFS: the root, then one per segment, ending at
     * the first segment that is missing or cannot be traversed. Each node is read once.
     */
    static List<Cid> walk(Blockstore store, ContentPath path) {
        List<Cid> out = new ArrayList<>();
        Cid current = path.root();
        out.add(current);
        UnixfsExporter exporter = new UnixfsExporter(store);
        for (String segment : path.segments()) {
            if (current.codec() != Multicodec.DAG_PB.code()) {
                break;
            }
            try {
                current = exporter.resolve(current, segment);
            } catch (UnixfsException e) {
                break;
            }
            out.add(current);
        }
        return out;
    }
}
