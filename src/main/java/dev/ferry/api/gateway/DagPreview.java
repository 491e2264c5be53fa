package dev.ferry.api.gateway;

import dev.ferry.dag.cbor.CborValue;
import dev.ferry.dag.json.DataModel;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;

/**
 * The HTML page a browser gets for a dag-json or dag-cbor document instead of its bytes (Kubo's DAG preview): the
 * CID, codec and size, links to download the block in each format, and the document as indented dag-json whose links
 * lead to {@code /ipfs/cid}. Everything taken from the request or the block is HTML-escaped.
 */
final class DagPreview {
    /** Changes whenever the generated HTML changes: it is part of the ETag. */
    static final String VERSION = "ferry-1";
    /** Characters of rendered document at most; the rest is left to the downloads. */
    static final int MAX_PREVIEW_CHARS = 512 * 1024;

    private DagPreview() {
    }

    /**
     * boxo's condition: a dag-json or dag-cbor document (json and cbor ones keep their bytes), asked for without a
     * format ({@code ?format=} or a format's media type in Accept, which {@link FormatNegotiation} has already ruled
     * out when this is called), by a client that lists {@code text/html} in Accept (with q above 0), unless
     * {@code download=true}.
     */
    static boolean wanted(Cid cid, String accept, QueryParams query) {
        long codec = cid.codec();
        return (codec == Multicodec.DAG_JSON.code() || codec == Multicodec.DAG_CBOR.code())
                && AcceptHeader.parse(accept).stream().anyMatch(m -> m.is("text/html"))
                && !query.get("download").map("true"::equals).orElse(false);
    }

    static String etag(Cid cid) {
        return "\"DagIndex-" + VERSION + "_CID-" + cid + "\"";
    }

    /**
     * The page.
     *
     * @param path      the request's path (the title)
     * @param block     the document's block
     * @param downloads where the download links point before their query: "" (this URL) when the path names the
     *                  block itself, else the block's own URL (raw and codec formats take no path); null when the
     *                  block has no URL on this origin's links (no download links then)
     * @param links     where the document's links to other content point
     */
    static String html(ContentPath path, Block block, String downloads, ContentLinks links) {
        Cid cid = block.cid();
        boolean json = cid.codec() == Multicodec.DAG_JSON.code();
        String codec = json ? "dag-json" : "dag-cbor";
        String title = DirectoryListing.escape(PercentCoding.decode(path.encoded(path.trailingSlash()), false));
        String at = downloads == null ? null : DirectoryListing.escape(downloads);
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>").append(title)
                .append("</title>\n</head>\n<body>\n<h1>").append(title).append("</h1>\n<p>CID: <code>")
                .append(DirectoryListing.escape(cid.toString())).append("</code><br>\nCodec: <code>").append(codec)
                .append(" (0x").append(Long.toHexString(cid.codec())).append(")</code><br>\nSize: ")
                .append(block.data().length).append(" bytes</p>\n");
        if (at != null) {
            sb.append("<p>Download this block as:</p>\n<ul>\n");
            link(sb, at, "raw", "raw block", "the bytes as stored, application/vnd.ipld.raw");
            link(sb, at, "dag-json", "DAG-JSON", "application/vnd.ipld.dag-json");
            link(sb, at, "dag-cbor", "DAG-CBOR", "application/vnd.ipld.dag-cbor");
            if (json) {
                link(sb, at, "json", "JSON", "the stored bytes as application/json");
            } else {
                link(sb, at, "cbor", "CBOR", "the stored bytes as application/cbor");
            }
            sb.append("</ul>\n");
        }
        sb.append("<h2>Preview as dag-json</h2>\n");
        CborValue value;
        try {
            value = DataModel.of(cid, block.data());
        } catch (RuntimeException e) {
            // the downloads still work: a broken document is shown as such, not as a failed page
            sb.append("<p>This block is not valid ").append(codec).append(": ")
                    .append(DirectoryListing.escape(String.valueOf(e.getMessage()))).append("</p>\n");
            return sb.append("</body>\n</html>\n").toString();
        }
        IndentedDagJson.Rendered shown = IndentedDagJson.render(value, MAX_PREVIEW_CHARS, links);
        sb.append("<pre>").append(shown.html()).append("</pre>\n");
        if (shown.cut()) {
            sb.append("<p>Preview cut after ").append(MAX_PREVIEW_CHARS)
                    .append(" characters: download the block to see all of it.</p>\n");
        }
        return sb.append("</body>\n</html>\n").toString();
    }

    private static void link(StringBuilder sb, String at, String format, String label, String note) {
        sb.append("<li><a href=\"").append(at).append("?format=").append(format)
                .append("&amp;download=true\" rel=\"nofollow\">").append(label).append("</a> (").append(note)
                .append(")</li>\n");
    }
}
