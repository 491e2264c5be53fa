package dev.ferry.api.gateway;

import dev.ferry.dag.pb.PbLink;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Blockstore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The generated HTML index of a UnixFS directory (plain or HAMT-sharded). Child nodes are not fetched: sizes are the
 * links' Tsize (DAG size), as the path gateway spec suggests, so a listing costs only the directory's own blocks.
 * Names are HTML-escaped, links are relative ({@code ./name}) and percent-encoded.
 */
final class DirectoryListing {
    /** Changes whenever the generated HTML changes: it is part of the ETag. */
    static final String VERSION = "ferry-1";

    record Entry(String name, Cid cid, long tsize) {
    }

    record Listing(List<Entry> entries, boolean truncated) {
    }

    private DirectoryListing() {
    }

    static String etag(Cid dir) {
        return "\"DirIndex-" + VERSION + "_CID-" + dir + "\"";
    }

    /** The entries (at most {@code max}), sorted by name. */
    static Listing entries(Blockstore store, DagNode dir, int max) {
        List<Entry> out = new ArrayList<>();
        boolean truncated;
        if (dir.isShard()) {
            truncated = shard(store, dir, out, max, 0, new java.util.HashSet<>());
        } else {
            truncated = false;
            for (PbLink l : dir.pb().links()) {
                if (out.size() >= max) {
                    truncated = true;
                    break;
                }
                out.add(new Entry(l.name() == null ? "" : l.name(), l.hash(), l.tsize() == null ? 0 : l.tsize()));
            }
        }
        out.sort(Comparator.comparing(Entry::name));
        return new Listing(out, truncated);
    }

    private static boolean shard(Blockstore store, DagNode node, List<Entry> out, int max, int depth,
            java.util.Set<Cid> seen) {
        if (depth > CarStreamer.MAX_DEPTH) {
            throw new IllegalStateException("HAMT deeper than " + CarStreamer.MAX_DEPTH);
        }
        if (!seen.add(node.cid())) {
            return false; // a sub-shard linked twice (not a valid HAMT): walked once
        }
        int pad = node.shardPrefixLength();
        for (PbLink l : node.pb().links()) {
            if (out.size() >= max) {
                return true;
            }
            String name = l.name() == null ? "" : l.name();
            if (name.length() == pad) {
                if (shard(store, DagNode.of(DagNode.load(store, l.hash())), out, max, depth + 1, seen)) {
                    return true;
                }
            } else if (name.length() > pad) {
                out.add(new Entry(name.substring(pad), l.hash(), l.tsize() == null ? 0 : l.tsize()));
            }
        }
        return false;
    }

    static String html(ContentPath path, Cid dir, Listing listing, ContentLinks links) {
        String title = path.encoded(true);
        StringBuilder sb = new StringBuilder(256 + listing.entries().size() * 200);
        sb.append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(PercentCoding.decode(title, false))).append("</title>\n</head>\n<body>\n<h1>Index of ")
                .append(escape(PercentCoding.decode(title, false))).append("</h1>\n<p>")
                .append(escape(dir.toString())).append("</p>\n<table>\n");
        if (!path.segments().isEmpty()) {
            sb.append("<tr><td><a href=\"../\">..</a></td><td></td><td></td></tr>\n");
        }
        for (Entry e : listing.entries()) {
            sb.append("<tr><td><a href=\"./").append(escape(PercentCoding.encodeSegment(e.name()))).append("\">")
                    .append(escape(e.name())).append("</a></td><td>");
            String cid = escape(e.cid().toString());
            links.href(e.cid()).ifPresentOrElse(
                    href -> sb.append("<a href=\"").append(escape(href)).append("\">").append(cid).append("</a>"),
                    () -> sb.append(cid));
            sb.append("</td><td>").append(e.tsize()).append("</td></tr>\n");
        }
        sb.append("</table>\n");
        if (listing.truncated()) {
            sb.append("<p>Listing truncated: the directory has more entries.</p>\n");
        }
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
