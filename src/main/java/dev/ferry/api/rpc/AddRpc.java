package dev.ferry.api.rpc;

import dev.ferry.dag.unixfs.EntryImport;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.ImportedEntry;
import dev.ferry.dag.unixfs.MetadataOptions;
import dev.ferry.dag.unixfs.NoCopyImport;
import dev.ferry.dag.unixfs.UnixfsMetadata;
import dev.ferry.dag.unixfs.UnixfsException;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.multiformats.CidEncoder;
import dev.ferry.multiformats.HashFunction;
import dev.ferry.node.Node;
import dev.ferry.node.content.ContentLock;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.store.Filestore;
import dev.ferry.store.PinType;
import dev.ferry.store.StoreException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kubo's {@code add}: files and directories from a multipart body, as kubo-rpc-client sends them (one part per
 * file with its URL-encoded path as file name, {@code application/x-directory} parts for directories,
 * {@code application/symlink} for symlinks). Each file is streamed into the store as it arrives; the directories
 * are built at the end. Answers NDJSON: {@code {"Name","Bytes"}} progress events (with {@code progress}), then one
 * {@code {"Name","Hash","Size"}} line per entry (Size a string), in Kubo's order, once blocks and pins are durable.
 *
 * <p>UnixFS 1.5 metadata: the query options {@code mode} (octal), {@code mtime}, {@code mtime-nsecs},
 * {@code preserve-mode} and {@code preserve-mtime} as Kubo reads them, and a part's own mode and mtime in its field
 * name ({@link PartMetadata}). A part's own values win; entries without them get the query's values, except for a
 * preserved aspect, which they then have none of (Kubo's adder takes the part's value, absent or not, when
 * preserving). Unlike Kubo, which reads a part's values only with preserve-mode or preserve-mtime, ferry always uses
 * them, as kubo-rpc-client users expect when they give an entry a mode or mtime.
 *
 * <p>{@code nocopy} (Kubo's filestore, with {@code Experimental.FilestoreEnabled}): the file parts still carry their
 * bytes, which are hashed here, but each must name its file in an {@code Abspath} header (as Kubo's CLI sends it);
 * the leaves are then recorded as references into that file, which this node must be able to read later (the same
 * machine, or a shared file system), and which must be under the parent of the repository.
 */
final class AddRpc {
    static final Set<String> OPTIONS = Set.of("quiet", "quieter", "silent", "progress", "trickle", "only-hash",
            "wrap-with-directory", "chunker", "raw-leaves", "cid-version", "hash", "pin", "hidden", "recursive",
            "inline", "inline-limit", "preserve-mode", "preserve-mtime", "mode", "mtime", "mtime-nsecs", "nocopy", "fscache",
            "private", "to-files", "pin-name");
    /** A symlink part's body is its target. */
    static final int MAX_SYMLINK_TARGET = 4096;

    private final Node node;
    private final MultipartLimits limits;

    private AddRpc(Node node, MultipartLimits limits) {
        this.node = node;
        this.limits = limits;
    }

    static void install(RpcServer server, Node node, MultipartLimits limits) {
        server.register("add", OPTIONS, new AddRpc(node, limits)::add);
    }

    private ImportOptions options(RpcRequest r) {
        RepoConfig cfg = node.repo().config();
        ImportOptions o = ImportOptions.kuboDefaults();
        Optional<String> cv = r.option("cid-version");
        HashFunction function;
        try {
            function = HashFunction.named(r.option("hash").filter(h -> !h.isEmpty())
                    .orElseGet(() -> cfg.string("Import.HashFunction", "sha2-256")));
        } catch (IllegalArgumentException e) {
            throw RpcException.badRequest(e.getMessage());
        }
        // the config's 0 is ferry's default, written in every config: only cid-version=0 refuses another function
        long configured = cfg.number("Import.CidVersion", 0);
        long version = cv.isPresent() ? r.longOption("cid-version", 0)
                : configured != 0 ? configured : ImportOptions.cidVersionFor(null, function);
        if (version != 0 && version != 1) {
            throw RpcException.badRequest("cid-version must be 0 or 1");
        }
        try {
            o = o.withCidVersion((int) version).withHashFunction(function);
        } catch (IllegalArgumentException e) {
            throw RpcException.badRequest(e.getMessage()); // Kubo's: CIDv0 only supports sha2-256
        }
        if (r.option("raw-leaves").isPresent()) {
            o = o.withRawLeaves(r.boolOption("raw-leaves", false));
        } else if (cv.isEmpty() && cfg.bool("Import.UnixFSRawLeaves", false)) {
            o = o.withRawLeaves(true);
        }
        if (r.boolOption("nocopy", false)) {
            if (!node.repo().filestoreEnabled()) {
                throw RpcException.badRequest(Filestore.NOT_ENABLED);
            }
            try {
                o = NoCopyImport.options(o);
            } catch (IllegalArgumentException e) {
                throw RpcException.badRequest(e.getMessage());
            }
        }
        if (r.boolOption("inline", false)) {
            try {
                o = o.withInlineLimit((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE,
                        r.longOption("inline-limit", ImportOptions.DEFAULT_INLINE_LIMIT))));
            } catch (IllegalArgumentException e) {
                throw RpcException.badRequest(e.getMessage()); // Kubo's: exceeds maximum allowed size
            }
        }
        for (String unsupported : List.of("fscache")) {
            if (r.boolOption(unsupported, false)) {
                throw RpcException.badRequest("option \"" + unsupported + "\" is not supported");
            }
        }
        r.boolOption("hidden", false); // the client filters hidden files itself
        r.boolOption("recursive", false);
        try {
            o = o.withChunker(r.option("chunker").orElseGet(() -> cfg.string("Import.UnixFSChunker", "size-262144")));
        } catch (IllegalArgumentException e) {
            throw RpcException.badRequest(e.getMessage());
        }
        try {
            o = o.withMetadata(metadata(r));
        } catch (IllegalArgumentException e) {
            // Kubo's messages: raw leaves with metadata, nanoseconds without a time
            throw RpcException.badRequest(e.getMessage());
        }
        return o.withTrickle(r.boolOption("trickle", false))
                .withWrapWithDirectory(r.boolOption("wrap-with-directory", false))
                .withOnlyHash(r.boolOption("only-hash", false));
    }

    /** The metadata query options; Kubo reads a mode or mtime of 0 as none. */
    private static MetadataOptions metadata(RpcRequest r) {
        Long mode = null;
        Optional<String> m = r.option("mode");
        if (m.isPresent() && !m.get().isEmpty()) {
            mode = UnixfsMetadata.parseMode(m.get());
        }
        Long mtime = r.option("mtime").isPresent() ? r.longOption("mtime", 0) : null;
        Long nsecs = r.option("mtime-nsecs").isPresent() ? r.longOption("mtime-nsecs", 0) : null;
        return MetadataOptions.of(mode, mtime, nsecs, r.boolOption("preserve-mode", false),
                r.boolOption("preserve-mtime", false));
    }

    private RpcResponse add(RpcRequest r) throws IOException {
        ImportOptions opts = options(r);
        boolean pin = r.boolOption("pin", true);
        // Kubo's pin-name: the name of the pins taken on what is added; meaningless (so refused) without pinning
        if (r.option("pin-name").isPresent() && !pin) {
            throw RpcException.badRequest("pin-name option requires pin to be set");
        }
        String pinName = PinRpc.pinName(r, "pin-name");
        // ferry's own option: never announced, never served over Bitswap or the gateway, only to trusted peers
        boolean markPrivate = r.boolOption("private", false);
        if (markPrivate && opts.onlyHash()) {
            throw RpcException.badRequest("private and only-hash do not go together: nothing is stored");
        }
        Optional<String> toFiles = r.option("to-files");
        if (toFiles.isPresent()) {
            if (opts.onlyHash()) {
                throw RpcException.badRequest("only-hash and to-files options are not compatible");
            }
            if (opts.wrapWithDirectory()) {
                throw RpcException.badRequest("wrap-with-directory and to-files options are not compatible");
            }
            try {
                node.files().checkAddDestination(node.repo().blocks(), toFiles.get());
            } catch (dev.ferry.dag.mfs.MfsArgumentException e) {
                throw RpcException.badRequest(e.getMessage());
            } catch (dev.ferry.dag.mfs.MfsException e) {
                throw new RpcException(500, e.getMessage());
            }
        }
        boolean nocopy = r.boolOption("nocopy", false) && !opts.onlyHash();
        boolean progress = r.boolOption("progress", false);
        boolean quieter = r.boolOption("quieter", false);
        boolean silent = r.boolOption("silent", false);
        r.boolOption("quiet", false);
        CidEncoder enc = r.cidEncoder();
        MultipartReader parts = r.multipart(limits);
        // the first part is read before answering, so a body that is not multipart at all is a clean 400
        Optional<MultipartPart> first = parts.next();
        if (first.isEmpty()) {
            throw RpcException.badRequest("file argument 'path' is required");
        }
        PartMetadata.of(first.get().fieldName()); // a malformed first part is a clean 400 too
        return new RpcResponse.Stream("application/x-ndjson", out -> {
            ContentLock.Held held = opts.onlyHash() ? () -> { } : ContentLock.of(node.repo().blocks()).writing();
            try (held) {
                run(parts, first.get(), opts, nocopy, pin, pinName, markPrivate, toFiles.orElse(null), progress,
                        quieter, silent, enc, out);
            }
        });
    }

    private void run(MultipartReader parts, MultipartPart first, ImportOptions opts, boolean nocopy, boolean pin,
            String pinName, boolean markPrivate, String toFiles, boolean progress, boolean quieter, boolean silent,
            CidEncoder enc, OutputStream out) throws IOException {
        List<Map<String, Object>> lines = new ArrayList<>();
        // nocopy: the bytes still come up in the body (they are hashed here), but the leaves are recorded as
        // references into the file the part's Abspath names, which this node must be able to read later
        NoCopyImport noCopy = nocopy ? new NoCopyImport(node.repo().blocks(), node.repo().filestore()) : null;
        String[] current = {""};
        boolean[] finishing = {false};
        long[] bytes = {0};
        UnixfsImporter importer = new UnixfsImporter(opts.onlyHash() ? null
                : noCopy != null ? noCopy.store() : node.repo().blocks(), opts,
                (cid, path, size) -> {
                    Map<String, Object> line = new LinkedHashMap<>();
                    // Kubo names an unnamed file by its CID; the wrapping directory (reported at the end) has no name
                    line.put("Name", path.isEmpty() && !finishing[0] ? enc.encode(cid) : path);
                    line.put("Hash", enc.encode(cid));
                    line.put("Size", Long.toString(size));
                    lines.add(line);
                },
                n -> {
                    bytes[0] += n;
                    if (progress) {
                        Map<String, Object> ev = new LinkedHashMap<>();
                        ev.put("Name", current[0]);
                        ev.put("Bytes", bytes[0]);
                        try {
                            writeLine(out, ev);
                            out.flush();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                });
        EntryImport entries = importer.entries();
        List<ImportedEntry> roots;
        try {
            Optional<MultipartPart> next = Optional.of(first);
            while (next.isPresent()) {
                MultipartPart p = next.get();
                UnixfsMetadata own = PartMetadata.of(p.fieldName());
                if (p.isDirectory()) {
                    entries.addDirectory(p.fileName(), own);
                } else if (p.isSymlink()) {
                    byte[] target = p.body().readNBytes(MAX_SYMLINK_TARGET + 1);
                    if (target.length > MAX_SYMLINK_TARGET) {
                        throw new MultipartException("symlink target too long");
                    }
                    entries.addSymlink(p.fileName(), new String(target, StandardCharsets.UTF_8), own);
                } else {
                    current[0] = p.fileName();
                    bytes[0] = 0;
                    Path source = noCopy == null ? null : nocopySource(noCopy, p);
                    EntryImport.DagRefView added = entries.addFile(p.fileName(), p.body(), own);
                    if (noCopy != null) {
                        noCopy.fileAdded(added.cid(), added.size(), source);
                    }
                }
                next = parts.next();
            }
            finishing[0] = true;
            roots = entries.finish();
        } catch (IOException | RuntimeException e) {
            entries.abort();
            if (e instanceof UnixfsException u) {
                throw RpcException.badRequest(u.getMessage());
            }
            throw e;
        }
        if (noCopy != null) {
            noCopy.record(); // durable with the blocks at the sync below
        }
        if (!opts.onlyHash()) {
            // durability barrier: blocks first, then the pins that reference them, then the answer
            node.repo().blocks().sync();
            if (pin) {
                for (ImportedEntry e : roots) {
                    node.repo().pins().add(e.cid(), PinType.RECURSIVE, pinName);
                }
                node.repo().pins().sync();
            }
            if (markPrivate) {
                // marked before the answer and before the index is rebuilt, so it is never announced
                for (ImportedEntry e : roots) {
                    node.privateContent().markPrivate(e.cid(), node.repo().blocks());
                }
            }
            java.time.Instant now = java.time.Instant.now();
            for (ImportedEntry e : roots) {
                node.addTimes().record(e.cid(), now); // the router's recent and archived classes
            }
            if (toFiles != null) {
                node.files().linkAdded(node.repo().blocks(), toFiles, roots);
            }
            node.contentChanged(); // ferry peers learn of the new content through our index
            if (pin) {
                // and peers further away through a content notice (never for private content)
                node.announce(roots.stream().map(ImportedEntry::cid).toList());
            }
        }
        if (silent) {
            return;
        }
        List<Map<String, Object>> shown = quieter && !lines.isEmpty() ? List.of(lines.getLast()) : lines;
        for (Map<String, Object> line : shown) {
            writeLine(out, line);
        }
    }

    /** The file a nocopy part stands for: its Abspath, which must be absolute and under the filestore root. */
    private static Path nocopySource(NoCopyImport noCopy, MultipartPart p) {
        if (p.absPath().isEmpty()) {
            throw RpcException.badRequest("nocopy: the part for \"" + p.fileName()
                    + "\" has no Abspath header (the file's absolute path on this machine)");
        }
        Path abs;
        try {
            abs = Path.of(p.absPath());
        } catch (java.nio.file.InvalidPathException e) {
            throw RpcException.badRequest("nocopy: bad Abspath \"" + p.absPath() + "\": " + e.getMessage());
        }
        if (!abs.isAbsolute()) {
            throw RpcException.badRequest("nocopy: Abspath \"" + p.absPath() + "\" is not an absolute path");
        }
        try {
            noCopy.checkSource(abs);
        } catch (StoreException e) {
            throw RpcException.badRequest(e.getMessage());
        }
        return abs;
    }

    static void writeLine(OutputStream out, Object value) throws IOException {
        out.write(RpcServer.JSON.writeValueAsBytes(value));
        out.write('\n');
    }
}
