package dev.ferry.api.http;

import java.util.List;

/**
 * One entry of {@code API.Authorizations}: a name, its secret ({@code bearer:TOKEN} or {@code basic:USER:PASSWORD},
 * kept only as a digest) and the path prefixes it may call ({@code /api/v0} allows the whole RPC API, {@code /ipfs}
 * the gateway).
 */
public record AccessToken(String name, byte[] secretDigest, List<String> allowedPaths) {
    public AccessToken {
        secretDigest = secretDigest.clone();
        allowedPaths = List.copyOf(allowedPaths);
    }

    /** From the configured secret; rejects a secret that is neither {@code bearer:} nor {@code basic:U:P}. */
    public static AccessToken of(String name, String secret, List<String> allowedPaths) {
        boolean bearer = secret.startsWith("bearer:") && secret.length() > "bearer:".length();
        boolean basic = secret.startsWith("basic:") && secret.indexOf(':', "basic:".length()) > 0;
        if (!bearer && !basic) {
            throw new IllegalArgumentException("API.Authorizations." + name
                    + ".AuthSecret must be 'bearer:TOKEN' or 'basic:USER:PASSWORD'");
        }
        if (allowedPaths.isEmpty()) {
            throw new IllegalArgumentException("API.Authorizations." + name + ".AllowedPaths is empty");
        }
        return new AccessToken(name, HttpAccess.digest(secret), allowedPaths);
    }

    @Override
    public byte[] secretDigest() {
        return secretDigest.clone();
    }

    /** Whether the path is one of the allowed prefixes, whole segments only ({@code /api/v0/id} not {@code /api/v0/idx}). */
    public boolean allows(String path) {
        for (String p : allowedPaths) {
            String prefix = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
            if (prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }
}
