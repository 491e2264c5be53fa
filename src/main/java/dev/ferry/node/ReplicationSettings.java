package dev.ferry.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import dev.ferry.policy.replication.ReplicationConfig;
import java.time.Duration;

/**
 * The {@code Replication} section of the config (swarm-wide replication):
 * <pre>
 * "Replication": {
 *   "Enabled": false,            keep the swarm's roots alive on several members (off by default)
 *   "Replicas": 2,               members besides the announcers that keep each root (1-16)
 *   "MinTrust": 1,               trust a peer needs to count as a member and be heard (0-10)
 *   "AnnounceInterval": "12h",   how often this node announces all its roots again
 *   "Expire": "72h",             a root not announced again within this is forgotten (longer than AnnounceInterval)
 *   "CheckInterval": "1m",       how often the assignment is acted on
 *   "DialMembers": true,         dial the members heard of by their records and not connected
 *   "MaxMembers": 64             members' records remembered (and so dialled) at most (1-1024)
 * }
 * </pre>
 */
public final class ReplicationSettings {
    private ReplicationSettings() {}

    /** The settings of {@code cfg}, checked; {@link RepoException} names the key and what is wrong. */
    public static ReplicationConfig of(RepoConfig cfg) {
        ReplicationConfig d = ReplicationConfig.defaults();
        JsonNode r = cfg.get("Replication").filter(n -> !n.isNull()).orElse(null);
        if (r == null) {
            return d;
        }
        if (!r.isObject()) {
            throw new RepoException("config Replication must be an object such as {\"Enabled\": true, "
                    + "\"Replicas\": 2}: " + r);
        }
        boolean enabled = bool(r, "Enabled", d.enabled());
        boolean dialMembers = bool(r, "DialMembers", d.dialMembers());
        int maxMembers = integer(r, "MaxMembers", d.maxMembers(), 1, ReplicationConfig.MAX_MAX_MEMBERS);
        int replicas = integer(r, "Replicas", d.replicas(), 1, ReplicationConfig.MAX_REPLICAS);
        int minTrust = integer(r, "MinTrust", d.minTrust(), 0, 10);
        Duration announce = duration(r, "AnnounceInterval", d.announceInterval());
        Duration expire = duration(r, "Expire", d.expire());
        Duration check = duration(r, "CheckInterval", d.checkInterval());
        try {
            return new ReplicationConfig(enabled, replicas, minTrust, announce, expire, check, dialMembers,
                    maxMembers);
        } catch (IllegalArgumentException ex) {
            throw new RepoException("config Replication: " + ex.getMessage());
        }
    }

    private static boolean bool(JsonNode r, String key, boolean dflt) {
        JsonNode e = r.path(key);
        if (e.isBoolean() || e.isTextual() && (e.asText().equals("true") || e.asText().equals("false"))) {
            return e.asBoolean();
        } else if (!e.isMissingNode() && !e.isNull()) {
            throw new RepoException("config Replication." + key + " must be true or false: " + e);
        }
        return dflt;
    }

    private static int integer(JsonNode r, String key, int dflt, int min, int max) {
        JsonNode v = r.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return dflt;
        }
        long n;
        if (v.isIntegralNumber()) {
            n = v.asLong();
        } else if (v.isTextual() && v.asText().strip().matches("\\d{1,9}")) {
            n = Long.parseLong(v.asText().strip());
        } else {
            n = Long.MIN_VALUE;
        }
        if (n < min || n > max) {
            throw new RepoException("config Replication." + key + " must be a whole number " + min + "-" + max + ": "
                    + v);
        }
        return (int) n;
    }

    private static Duration duration(JsonNode r, String key, Duration dflt) {
        JsonNode v = r.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return dflt;
        }
        try {
            Duration d = Durations.parse(v.asText());
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("must be positive");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new RepoException("config Replication." + key + ": " + e.getMessage());
        }
    }
}
