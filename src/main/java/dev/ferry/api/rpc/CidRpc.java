package dev.ferry.api.rpc;

import dev.ferry.multiformats.CidConversion;
import dev.ferry.multiformats.CidFormatStringException;
import dev.ferry.multiformats.CidInspection;
import dev.ferry.multiformats.MultiformatException;
import dev.ferry.multiformats.MultiformatListing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubo's {@code cid/*}: converting and taking apart CIDs, and listing the multibases, codecs and hashes ferry knows.
 * Nothing here touches the node: the same answers come from the CLI without a daemon.
 */
final class CidRpc {
    private CidRpc() {}

    static void install(RpcServer server) {
        server.register("cid/format", Set.of("f", "v", "mc", "b"), r -> format(r, conversion(r)));
        server.register("cid/base32", r -> format(r, CidConversion.BASE32));
        server.register("cid/bases", Set.of("prefix", "numeric"), r -> listing(MultiformatListing.bases()));
        server.register("cid/codecs", Set.of("numeric", "n", "supported", "s"),
                r -> listing(MultiformatListing.codecs()));
        server.register("cid/hashes", Set.of("numeric", "n", "supported", "s"),
                r -> listing(MultiformatListing.hashes()));
        server.register("cid/inspect", r -> new RpcResponse.Json(CidInspection.of(r.arg()).toJson()));
    }

    private static CidConversion conversion(RpcRequest r) {
        try {
            return CidConversion.of(r.option("f").orElse(null), r.option("v").orElse(null),
                    r.option("mc").orElse(null), r.option("b").orElse(null));
        } catch (MultiformatException e) {
            throw new RpcException(500, e.getMessage());
        }
    }

    /**
     * One {@code {CidStr, Formatted, ErrorMsg}} line per CID; a CID that fails gets its message and the rest go on.
     * The lines are computed before the answer starts so that a bad format string is a plain error, not a cut stream.
     */
    static RpcResponse format(RpcRequest r, CidConversion conversion) {
        List<Map<String, String>> lines = new ArrayList<>();
        for (String cid : r.requiredArgs()) {
            Map<String, String> line = new LinkedHashMap<>();
            line.put("CidStr", cid);
            String formatted = "";
            String error = "";
            try {
                formatted = conversion.apply(cid);
            } catch (CidFormatStringException e) {
                throw new RpcException(500, e.getMessage());
            } catch (MultiformatException e) {
                error = e.getMessage();
            }
            line.put("Formatted", formatted);
            line.put("ErrorMsg", error);
            lines.add(line);
        }
        return new RpcResponse.Stream("application/x-ndjson", out -> {
            for (Map<String, String> line : lines) {
                AddRpc.writeLine(out, line);
            }
        });
    }

    private static RpcResponse listing(List<MultiformatListing.Entry> entries) {
        return new RpcResponse.Json(entries.stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Code", e.code());
            m.put("Name", e.name());
            return m;
        }).toList());
    }
}
