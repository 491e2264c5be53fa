/**
 * The HTTP gateway (ipfs/specs {@code src/http-gateways/trustless-gateway.md}, {@code path-gateway.md}, IPIP-402):
 * {@code GET|HEAD /ipfs/{cid}[/path][?params]}, started with
 * {@link dev.ferry.api.gateway.GatewayServer#start}.
 *
 * <h2>Formats</h2>
 * {@code ?format=raw|car} wins over {@code Accept}. {@code application/vnd.ipld.raw}: the one block of the CID, no
 * path allowed (400). {@code application/vnd.ipld.car; version=1; order=dfs; dups=n|y}: the blocks that resolve the
 * path, then by {@code dag-scope} ({@code block}: the terminal block; {@code entity}: a whole UnixFS file, a
 * directory's own blocks with its HAMT shards but no children, else the block; {@code all}, the default: the whole
 * DAG), depth-first in link order, each block once with {@code dups=n}, never identity blocks. {@code
 * entity-bytes=from:to} (inclusive, negatives from the end, {@code *} = end) implies entity and keeps only the file
 * blocks whose bytes meet the range (found from blocksizes); a range starting past the end is 400, one that selects
 * nothing gives the terminal block alone. Without those types (or with {@code text/html}, {@code *}/{@code *}):
 * deserialized UnixFS: files with a Content-Type sniffed from the name, then the first 512 bytes; one
 * {@code Range: bytes=} range (206, 416 when unsatisfiable; several ranges get the whole body); directories redirect
 * (301) to the trailing-slash URL, then serve {@code index.html} or a generated listing (names HTML-escaped, links
 * relative and percent-encoded, sizes from Tsize so children are not fetched). dag-cbor, dag-json, json and cbor
 * blocks are served as they are ({@code download=true} makes them attachments), except that a browser (text/html in
 * Accept, no format asked, no {@code download=true}) gets an HTML preview of a dag-json or dag-cbor document, as
 * Kubo's: at the trailing-slash URL (301 there first), the CID, codec, size, download links and the document as
 * indented dag-json with its links made {@code /ipfs/cid} anchors, all escaped, cut after
 * {@value dev.ferry.api.gateway.DagPreview#MAX_PREVIEW_CHARS} characters. Paths go through UnixFS directories (plain and HAMT) and dag-cbor documents (map
 * keys, list indexes, links; a path ending inside a document is 501).
 *
 * <h2>Missing paths of web sites</h2>
 * On origin-isolated hosts only (subdomain {@code <cid>.ipfs.<host>}, {@code <name>.ipns.<host>}, DNSLink websites;
 * never {@code /ipfs/} or {@code /ipns/} on the path gateway), a deserialized request for a path missing below a UnixFS
 * root reads the site's {@code _redirects} (specs.ipfs.tech/http-gateways/web-redirects-file; the site root is the
 * name's value when it points into a directory): the first rule whose {@code from} matches redirects (301 by
 * default, 302, 303, 307, 308; the request's query is kept, its values winning over the target's), rewrites (200,
 * the target served as if asked, a directory without the trailing-slash redirect) or serves the target file with
 * 404, 410 or 451. A file that is not a file, over 64 KiB or malformed answers 500 naming the line, as does a rule
 * whose target cannot be served. Files are parsed once per site root ({@value MissingPaths#CACHED_FILES} kept). When
 * no rule applies, a client that accepts HTML gets the nearest {@code ipfs-404.html} (Kubo's legacy page) from the
 * missing path's directories up to the site root with status 404, on any host as in boxo.
 *
 * <h2>Headers</h2>
 * ETag: {@code "cid"} for files and blocks of other codecs, {@code "cid.raw"}, {@code "cid.car.<hash of path,
 * scope, entity-bytes, dups>"}, {@code "DirIndex-<version>_CID-cid"}, {@code "DagIndex-<version>_CID-cid"} (the
 * preview, which has no Cache-Control, as in Kubo; it and the dag-json/dag-cbor answers carry Vary: Accept);
 * If-None-Match (weak comparison, {@code *})
 * gives 304. A deserialized file (or a directory's index.html) whose root node has a UnixFS 1.5 mtime gets
 * {@code Last-Modified} (to the second; mtimes outside 1..077777777777 s are ignored, future ones answered as now),
 * and {@code If-Modified-Since} not older than it gives 304, unless If-None-Match is present (it decides alone).
 * Generated listings and trustless formats carry none, as in boxo: a listing also depends on the gateway's template.
 * {@code Cache-Control: public, max-age=29030400, immutable}, X-Ipfs-Path and X-Ipfs-Roots on /ipfs
 * answers; raw and CAR add {@code X-Content-Type-Options: nosniff}, {@code Content-Disposition: attachment} and,
 * when negotiated by Accept alone, Content-Location. HEAD answers carry the Content-Length a GET would have (none
 * for CARs, which are streamed).
 *
 * <h2>Failures</h2>
 * Plain-text bodies. 400: bad CID, broken percent escapes, empty, "." or ".." segments, encoded '/', NUL or other
 * controls, unknown format or CAR parameters, a request body. 404: missing root or path element (or a block missing
 * from a local-only store), paths outside /ipfs/. 405 (Allow: GET, HEAD), 406 (only unsupported CAR variants
 * acceptable), 412 ({@code Cache-Control: only-if-cached} and the root is not local), 414 (URI above
 * {@code maxUriLength}), 416, 431 (headers above {@code maxHeaderBytes}), 501 (/ipns/, paths below non-dag-pb
 * nodes), 502 (invalid UnixFS), 503 (too many requests), 504 (a block did not arrive within the fetch timeout,
 * with Retry-After). Once the status is sent a failure closes the connection without finishing the body (a short
 * fixed-length body or a chunked body without its last chunk), so a client never takes a cut response as whole.
 *
 * <h2>Resources</h2>
 * One fetch session per request ({@code ContentFetcher.open(fetchTimeout)}), closed when the response ends; the
 * local store alone for only-if-cached and in no-fetch mode. Requests at once are bounded; the JDK server bounds
 * request lines and headers (380 KiB) before this code sees them. A CAR walk keeps one CID per written block; a
 * subtree linked many times is walked once (file entities, HAMT shards, listings), and {@code dups=y} responses are
 * cut after {@value dev.ferry.api.gateway.CarStreamer#MAX_REPEATS} repeats, so a small crafted DAG cannot make a
 * request run for ever.
 */
package dev.ferry.api.gateway;
