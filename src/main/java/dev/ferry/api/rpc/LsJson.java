package dev.ferry.api.rpc;

import dev.ferry.dag.unixfs.UnixfsEntry;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsType;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.CidEncoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Kubo's JSON object of {@code ls} for one argument: one shape for the RPC answer and the CLI's {@code --enc=json}. */
public final class LsJson {
    private LsJson() {
    }

    /**
     * {@code {"Hash": <argument as given>, "Links": [{"Name","Hash","Size","Type","Target"}]}}: a file lists no links;
     * Type is the UnixFS type code (1 directory, 2 file, 4 symlink; 0 without {@code resolveType}); Size a file's
     * content size (0 for directories, and without {@code size}).
     */
    public static Map<String, Object> object(UnixfsExporter exporter, Cid cid, String argument, CidEncoder enc,
            boolean size, boolean resolveType) {
        List<Map<String, Object>> links = new ArrayList<>();
        if (exporter.type(cid).isDirectory()) {
            for (UnixfsEntry e : exporter.ls(cid)) {
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("Name", e.name());
                l.put("Hash", enc.encode(e.cid()));
                l.put("Size", size && !e.type().isDirectory() ? e.size() : 0);
                l.put("Type", resolveType ? typeCode(e.type()) : 0);
                l.put("Target", e.type() == UnixfsType.SYMLINK ? exporter.readSymlink(e.cid()) : "");
                links.add(l);
            }
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("Hash", argument);
        o.put("Links", links);
        return o;
    }

    /** UnixFS type code as Kubo's ls reports it: raw leaves are files, HAMT shards directories. */
    static int typeCode(UnixfsType t) {
        return switch (t) {
            case RAW, FILE -> UnixfsType.FILE.code();
            case DIRECTORY, HAMT_SHARD -> UnixfsType.DIRECTORY.code();
            case SYMLINK -> UnixfsType.SYMLINK.code();
            case METADATA -> UnixfsType.METADATA.code();
        };
    }
}
