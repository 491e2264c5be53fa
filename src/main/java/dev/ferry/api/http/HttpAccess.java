package dev.ferry.api.http;

import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Who may call an HTTP surface. Servers call {@link #checkBind} before listening and {@link #check} before any
 * handler runs, answering a {@link Denial} in their own error format. Immutable and thread-safe.
 */
public final class HttpAccess {
    private final List<AccessToken> tokens;
    private final List<String> allowedOrigins;

    private HttpAccess(List<AccessToken> tokens, List<String> allowedOrigins) {
        this.tokens = List.copyOf(tokens);
        this.allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** No tokens: loopback callers only, same-origin only. */
    public static HttpAccess loopbackOnly() {
        return new HttpAccess(List.of(), List.of());
    }

    /**
     * @param tokens         the configured tokens; when not empty every request must carry one
     * @param allowedOrigins browser origins allowed to call (exact match, or {@code *} for any)
     */
    public static HttpAccess of(List<AccessToken> tokens, List<String> allowedOrigins) {
        return new HttpAccess(tokens, allowedOrigins);
    }

    public boolean requiresTokens() {
        return !tokens.isEmpty();
    }

    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    /** Refuses to listen beyond loopback without tokens: an open API there would hand the node to the network. */
    public void checkBind(InetAddress address, String surface) throws IOException {
        if (!address.isLoopbackAddress() && tokens.isEmpty()) {
            throw new IOException("refusing to expose the " + surface + " on " + address.getHostAddress()
                    + " without access tokens: configure API.Authorizations, or bind 127.0.0.1 / ::1");
        }
    }

    /** A refused request: the status to answer and why. */
    public record Denial(int status, String message) {}

    /** Empty when the request may proceed. */
    public Optional<Denial> check(String path, Headers headers, InetSocketAddress remote) {
        String origin = headers.getFirst("Origin");
        if (origin != null && !originAllowed(origin)) {
            return Optional.of(new Denial(403, "cross-origin request from " + origin + " is not allowed"));
        }
        if (tokens.isEmpty()) {
            if (remote == null || !remote.getAddress().isLoopbackAddress()) {
                return Optional.of(new Denial(403, "only loopback callers are served without access tokens"));
            }
            return Optional.empty();
        }
        String auth = headers.getFirst("Authorization");
        if (auth == null) {
            return Optional.of(new Denial(401, "an Authorization header with an access token is required"));
        }
        AccessToken match = match(auth);
        if (match == null) {
            return Optional.of(new Denial(403, "invalid access token"));
        }
        if (!match.allows(path)) {
            return Optional.of(new Denial(403, "token '" + match.name() + "' may not call " + path));
        }
        return Optional.empty();
    }

    /**
     * The name of the access token a request that {@link #check} let through presented, {@code ""} when no tokens
     * are configured (loopback callers are then one and the same).
     */
    public String caller(Headers headers) {
        String auth = headers.getFirst("Authorization");
        AccessToken t = tokens.isEmpty() || auth == null ? null : match(auth);
        return t == null ? "" : t.name();
    }

    private AccessToken match(String authorization) {
        byte[] presented = digest(credential(authorization));
        AccessToken match = null;
        for (AccessToken t : tokens) {
            // every token is compared, so the time taken says nothing about which one (if any) matched
            if (MessageDigest.isEqual(presented, t.secretDigest()) && match == null) {
                match = t;
            }
        }
        return match;
    }

    private boolean originAllowed(String origin) {
        for (String o : allowedOrigins) {
            if (o.equals("*") || o.equals(origin)) {
                return true;
            }
        }
        return false;
    }

    /** The Authorization header in {@link AccessToken}'s secret form: {@code bearer:T} or {@code basic:U:P}. */
    private static String credential(String header) {
        int sp = header.indexOf(' ');
        if (sp < 0) {
            return "";
        }
        String scheme = header.substring(0, sp).strip().toLowerCase(java.util.Locale.ROOT);
        String value = header.substring(sp + 1).strip();
        return switch (scheme) {
            case "bearer" -> "bearer:" + value;
            case "basic" -> {
                try {
                    yield "basic:" + new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    yield "";
                }
            }
            default -> "";
        };
    }

    static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
