package dev.ferry.api.rpc;

import dev.ferry.multiformats.Multibase;
import dev.ferry.multiformats.MultiformatException;
import dev.ferry.multiformats.MultiformatListing;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kubo's {@code multibase/*}: {@code encode}, {@code decode} and {@code transcode} take the data as the body's first
 * multipart file, as Kubo's file argument, and answer the bytes as {@code text/plain} (nothing added);
 * {@code list} answers {@code [{"Code","Name"}]} (the code of a base is its prefix character). Nothing here
 * touches the node: the CLI gives the same answers without a daemon.
 */
final class MultibaseRpc {
    /** The most bytes read from the file: all of it and its text are held in memory. */
    static final int MAX_INPUT = 16 << 20;
    private static final String DEFAULT_BASE = "base64url";

    private final MultipartLimits limits;

    private MultibaseRpc(MultipartLimits limits) {
        this.limits = limits;
    }

    static void install(RpcServer server, MultipartLimits limits) {
        MultibaseRpc m = new MultibaseRpc(limits);
        server.register("multibase/encode", Set.of("b"), r -> {
            Multibase base = base(r);
            return bytes(base.encodeToBytes(m.file(r)));
        });
        server.register("multibase/decode", r -> bytes(decode(m.file(r))));
        server.register("multibase/transcode", Set.of("b"), r -> {
            Multibase base = base(r);
            return bytes(base.encodeToBytes(decode(m.file(r))));
        });
        server.register("multibase/list", Set.of("prefix", "numeric"), r -> {
            r.boolOption("prefix", false); // they shape the CLI's text only
            r.boolOption("numeric", false);
            return new RpcResponse.Json(MultiformatListing.bases().stream().map(e -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("Code", e.code());
                row.put("Name", e.name());
                return row;
            }).toList());
        });
    }

    private static Multibase base(RpcRequest r) {
        String name = r.option("b").orElse(DEFAULT_BASE);
        try {
            return Multibase.byName(name);
        } catch (MultiformatException e) {
            throw new RpcException(500, "Unsupported multibase encoding: " + name);
        }
    }

    private static byte[] decode(byte[] text) {
        try {
            return Multibase.decode(text);
        } catch (MultiformatException e) {
            throw new RpcException(500, "failed to decode multibase: " + e.getMessage());
        }
    }

    /** The first file part's bytes; Kubo's 400 when there is none. */
    private byte[] file(RpcRequest r) throws IOException {
        MultipartReader parts = r.multipart(limits);
        for (Optional<MultipartPart> p = parts.next(); p.isPresent(); p = parts.next()) {
            if (p.get().isDirectory() || p.get().isSymlink()) {
                continue;
            }
            byte[] data = p.get().body().readNBytes(MAX_INPUT + 1);
            if (data.length > MAX_INPUT) {
                throw RpcException.badRequest("the file is larger than " + (MAX_INPUT >> 20) + " MiB");
            }
            return data;
        }
        throw RpcException.badRequest("file argument 'file' is required");
    }

    private static RpcResponse bytes(byte[] data) {
        return new RpcResponse.Stream("text/plain", out -> out.write(data));
    }
}
