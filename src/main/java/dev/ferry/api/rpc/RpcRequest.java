package dev.ferry.api.rpc;

import dev.ferry.multiformats.CidEncoder;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One RPC call: repeated {@code arg=} positionals, the other query parameters as options (kebab-case, as Kubo),
 * the request body (streamed; multipart for commands that take files), and who called ({@code client}: the caller's
 * IP address, empty when unknown).
 */
public record RpcRequest(String command, List<String> args, Map<String, String> options, String contentType,
        InputStream body, String client) {
    static final int MAX_QUERY = 16 * 1024;
    static final int MAX_ARGS = 1024;

    public RpcRequest {
        args = List.copyOf(args);
        options = Map.copyOf(options);
        body = body == null ? InputStream.nullInputStream() : body;
        client = client == null ? "" : client;
    }

    /** A call whose caller is not known. */
    public RpcRequest(String command, List<String> args, Map<String, String> options, String contentType,
            InputStream body) {
        this(command, args, options, contentType, body, "");
    }

    /** A request with no body (tests, internal calls). */
    public static RpcRequest of(String command, List<String> args, Map<String, String> options) {
        return new RpcRequest(command, args, options, null, null);
    }

    /**
     * Options that may be given several times (Kubo's list options of {@code pin/remote}, {@code diag/profile}'s
     * collectors); NUL joins their values.
     */
    private static final java.util.Set<String> REPEATABLE = java.util.Set.of("cid", "status", "origin", "collectors");
    private static final String REPEAT = "\u0000";

    static RpcRequest parse(String command, String rawQuery, String contentType, InputStream body) {
        return parse(command, rawQuery, contentType, body, "");
    }

    static RpcRequest parse(String command, String rawQuery, String contentType, InputStream body, String client) {
        List<String> args = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            if (rawQuery.length() > MAX_QUERY) {
                throw new RpcException(414, "query string too long (at most " + MAX_QUERY + " bytes)");
            }
            for (String part : rawQuery.split("&")) {
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                String k = decode(eq < 0 ? part : part.substring(0, eq));
                String v = eq < 0 ? "" : decode(part.substring(eq + 1));
                if (k.equals("arg")) {
                    if (args.size() == MAX_ARGS) {
                        throw RpcException.badRequest("too many arguments (at most " + MAX_ARGS + ")");
                    }
                    args.add(v);
                } else if (REPEATABLE.contains(k) && options.containsKey(k)) {
                    options.put(k, options.get(k) + REPEAT + v); // as Kubo: cid=a&cid=b is a list
                } else if (options.putIfAbsent(k, v) != null && !options.get(k).equals(v)) {
                    throw RpcException.badRequest("option \"" + k + "\" given twice with different values");
                }
            }
        }
        return new RpcRequest(command, args, options, contentType, body, client);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw RpcException.badRequest("malformed query string");
        }
    }

    /** The only positional argument; a 400 when there is none. */
    public String arg() {
        if (args.isEmpty()) {
            throw RpcException.badRequest("argument \"arg\" is required");
        }
        return args.getFirst();
    }

    /** Every positional argument; a 400 when there is none. */
    public List<String> requiredArgs() {
        if (args.isEmpty()) {
            throw RpcException.badRequest("argument \"arg\" is required");
        }
        return args;
    }

    /** Every value of an option that may be repeated ({@code cid}, {@code status}, {@code origin}); empty if absent. */
    public List<String> options(String name) {
        String v = options.get(name);
        return v == null ? List.of() : List.of(v.split(REPEAT, -1));
    }

    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    public long longOption(String name, long dflt) {
        String v = options.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw RpcException.badRequest("option \"" + name + "\" must be a number: " + v);
        }
    }

    /** A boolean option as Go's strconv.ParseBool reads it; a bare {@code ?flag} is true. */
    public boolean boolOption(String name, boolean dflt) {
        String v = options.get(name);
        if (v == null) {
            return dflt;
        }
        return switch (v) {
            case "true", "TRUE", "True", "t", "T", "1", "" -> true;
            case "false", "FALSE", "False", "f", "F", "0" -> false;
            default -> throw RpcException.badRequest("option \"" + name + "\" must be true or false: " + v);
        };
    }

    /**
     * How the command prints CIDs, from the global {@code cid-base} and {@code upgrade-cidv0-in-output} options
     * (Kubo's {@code GetCidEncoder}: a base given upgrades v0 CIDs); a 400 for an unknown base.
     */
    public CidEncoder cidEncoder() {
        return CidEncoder.of(options.get("cid-base"), upgradeCidV0());
    }

    /** As {@link #cidEncoder()} for Kubo's low-level commands: a base alone leaves v0 CIDs as they are. */
    public CidEncoder lowLevelCidEncoder() {
        return CidEncoder.lowLevel(options.get("cid-base"), upgradeCidV0());
    }

    /**
     * As {@link #cidEncoder()}, except that without {@code cid-base} a path that starts with a CID prints like that
     * CID (Kubo's {@code CidEncoderFromPath}, used by {@code resolve}).
     */
    public CidEncoder cidEncoderFor(String path) {
        String base = options.get("cid-base");
        if (base == null || base.isEmpty()) {
            var own = CidEncoder.fromPath(path);
            if (own.isPresent()) {
                return own.get();
            }
        }
        return cidEncoder();
    }

    private Boolean upgradeCidV0() {
        return options.containsKey("upgrade-cidv0-in-output") ? boolOption("upgrade-cidv0-in-output", false) : null;
    }

    /** The body as multipart/form-data; a 400 when it is not. */
    public MultipartReader multipart(MultipartLimits limits) {
        try {
            return new MultipartReader(body, MultipartReader.boundaryOf(contentType), limits);
        } catch (MultipartException e) {
            throw RpcException.badRequest(e.getMessage());
        }
    }
}
