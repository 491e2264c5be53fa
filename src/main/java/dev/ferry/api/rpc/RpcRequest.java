package dev.ferry.api.rpc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One RPC call's arguments: repeated {@code arg=} positionals and the other query parameters as options. */
public record RpcRequest(String command, List<String> args, Map<String, String> options) {
    static final int MAX_QUERY = 16 * 1024;

    static RpcRequest parse(String command, String rawQuery) {
        List<String> args = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            if (rawQuery.length() > MAX_QUERY) {
                throw RpcException.badRequest("query string too long");
            }
            for (String part : rawQuery.split("&")) {
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                String k = decode(eq < 0 ? part : part.substring(0, eq));
                String v = eq < 0 ? "true" : decode(part.substring(eq + 1));
                if (k.equals("arg")) {
                    args.add(v);
                } else {
                    options.put(k, v);
                }
            }
        }
        return new RpcRequest(command, List.copyOf(args), Map.copyOf(options));
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

    public boolean boolOption(String name, boolean dflt) {
        String v = options.get(name);
        if (v == null) {
            return dflt;
        }
        return switch (v) {
            case "true", "1", "" -> true;
            case "false", "0" -> false;
            default -> throw RpcException.badRequest("option \"" + name + "\" must be true or false: " + v);
        };
    }
}
