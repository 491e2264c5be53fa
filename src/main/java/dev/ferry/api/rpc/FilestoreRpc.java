package dev.ferry.api.rpc;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.CidEncoder;
import dev.ferry.node.Node;
import dev.ferry.store.Filestore;
import dev.ferry.store.FilestoreListing;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Kubo's {@code filestore ls|verify|dups}. ls and verify answer one NDJSON line per entry, Kubo's ListRes
 * {@code {"Status","ErrorMsg","Key":{"/":cid},"FilePath","Offset","Size"}} (Status a number: 0 ok, 10 error,
 * 11 no-file, 12 changed, 20 ERROR, 30 missing), for the CIDs given or for every entry; dups answers
 * {@code {"Ref","Err"}} per filestore block that the block store also holds, the CID under {@code cid-base} (ls and
 * verify leave theirs as CID objects, which Kubo's CLI encodes itself). All refuse with Kubo's error while
 * {@code Experimental.FilestoreEnabled} is off.
 */
final class FilestoreRpc {
    private final Node node;

    private FilestoreRpc(Node node) {
        this.node = node;
    }

    static void install(RpcServer server, Node node) {
        FilestoreRpc f = new FilestoreRpc(node);
        server.register("filestore/ls", Set.of("file-order"), r -> f.list(r, false));
        server.register("filestore/verify", Set.of("file-order"), r -> f.list(r, true));
        server.register("filestore/dups", Set.of(), f::dups);
    }

    private Filestore filestore() {
        if (!node.repo().filestoreEnabled()) {
            throw new RpcException(500, Filestore.NOT_ENABLED);
        }
        return node.repo().filestore();
    }

    private RpcResponse list(RpcRequest r, boolean verify) {
        Filestore fs = filestore();
        boolean fileOrder = r.boolOption("file-order", false);
        return new RpcResponse.Stream("application/x-ndjson", out -> {
            if (!r.args().isEmpty()) {
                for (String arg : r.args()) {
                    writeLine(out, json(fs.list(arg, verify)));
                }
                return;
            }
            try (Stream<FilestoreListing> all = fs.listAll(verify, fileOrder)) {
                for (FilestoreListing l : (Iterable<FilestoreListing>) all::iterator) {
                    writeLine(out, json(l));
                }
            }
        });
    }

    private RpcResponse dups(RpcRequest r) {
        filestore();
        CidEncoder enc = r.cidEncoder();
        return new RpcResponse.Stream("application/x-ndjson", out -> {
            try (Stream<Cid> dups = node.repo().filestoreBlocks().duplicates()) {
                for (Cid c : (Iterable<Cid>) dups::iterator) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("Ref", enc.encode(c));
                    line.put("Err", "");
                    writeLine(out, line);
                }
            }
        });
    }

    /** Kubo's ListRes as JSON; an undefined key is null, as Kubo marshals it. */
    static Map<String, Object> json(FilestoreListing l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Status", l.status().code());
        m.put("ErrorMsg", l.errorMsg());
        m.put("Key", l.key() == null ? null : Map.of("/", l.key().toString()));
        m.put("FilePath", l.filePath());
        m.put("Offset", l.offset());
        m.put("Size", l.size());
        return m;
    }

    private static void writeLine(OutputStream out, Object value) throws IOException {
        AddRpc.writeLine(out, value);
    }
}
