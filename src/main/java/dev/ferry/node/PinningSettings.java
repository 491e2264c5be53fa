package dev.ferry.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import dev.ferry.policy.pinning.PinningConfig;
import dev.ferry.policy.pinning.PinningPolicy;
import dev.ferry.policy.pinning.ReciprocityConfig;
import dev.ferry.policy.pinning.ProofSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Pinning} section of the config:
 * <pre>
 * "Pinning": {
 *   "Policies": { "important": { "Replicas": 2, "MinTrust": 5, "RemoteServices": ["pinata"] } },
 *                                replicas on other peers (1-16); their trust, default 1; remote pinning services too
 *   "AcceptTrust": 5,            trust a peer needs for this node to keep content for it (0-10)
 *   "StorageMax": "10GiB",       what this node keeps for peers at most (bytes, or with kB/MB/GB/KiB/MiB/GiB/TB/TiB)
 *   "CheckInterval": "30s",      how often replicas are checked
 *   "RepairAfter": "5m",         how long a holder may be unreachable before another peer replaces it
 *   "Reciprocity": {             peers trusted below AcceptTrust kept for on credit (see {@link ReciprocityConfig})
 *     "Enabled": true, "MinTrust": 1, "Ratio": 1.0, "CreditFor": "72h",
 *     "ServeFirst": true         peers with credit get a larger share of the Bitswap server ({@link CreditorWeights})
 *   },
 *   "ProofInterval": "1h",       how old a holder's last storage proof may get before it is challenged; "0": never
 *   "ProofBlocks": 4,            blocks sampled per challenge (1-16)
 *   "ProofTimeout": "5s"         how long a challenged holder has to answer
 * }
 * </pre>
 */
public final class PinningSettings {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kKMGT]i?B|B)?");

    private PinningSettings() {}

    /** The settings of {@code cfg}, checked; {@link RepoException} names the key and what is wrong. */
    public static PinningConfig of(RepoConfig cfg) {
        PinningConfig d = PinningConfig.defaults();
        Map<String, PinningPolicy> policies = new LinkedHashMap<>();
        JsonNode list = cfg.get("Pinning.Policies").filter(n -> !n.isNull()).orElse(null);
        if (list != null) {
            if (!list.isObject()) {
                throw new RepoException("config Pinning.Policies must be an object of named policies, e.g. "
                        + "{\"important\": {\"Replicas\": 2, \"MinTrust\": 5}}");
            }
            for (var it = list.fields(); it.hasNext(); ) {
                var e = it.next();
                JsonNode p = e.getValue();
                JsonNode replicas = p.path("Replicas");
                JsonNode minTrust = p.path("MinTrust");
                JsonNode services = p.path("RemoteServices");
                if (!p.isObject() || !replicas.isIntegralNumber()
                        || !(minTrust.isMissingNode() || minTrust.isIntegralNumber())
                        || !(services.isMissingNode() || services.isArray())) {
                    throw new RepoException("config Pinning.Policies." + e.getKey()
                            + " must be {\"Replicas\": 1-16, \"MinTrust\": 0-10, \"RemoteServices\": [names]}: " + p);
                }
                List<String> named = new ArrayList<>();
                for (JsonNode n : services) {
                    if (!n.isTextual() || RemoteServices.get(cfg, n.asText()).isEmpty()) {
                        throw new RepoException("config Pinning.Policies." + e.getKey() + ".RemoteServices: " + n
                                + " is not a service of Pinning.RemoteServices");
                    }
                    named.add(n.asText());
                }
                try {
                    policies.put(e.getKey(), new PinningPolicy(e.getKey(), replicas.asInt(),
                            minTrust.isMissingNode() ? 1 : minTrust.asInt(), named));
                } catch (IllegalArgumentException ex) {
                    throw new RepoException("config Pinning.Policies." + e.getKey() + ": " + ex.getMessage());
                }
            }
        }
        int accept = (int) cfg.number("Pinning.AcceptTrust", d.acceptTrust());
        if (accept < 0 || accept > 10) {
            throw new RepoException("config Pinning.AcceptTrust is a trust level 0-10: " + accept);
        }
        long quota = size(cfg, "Pinning.StorageMax", d.quotaBytes());
        Duration check = duration(cfg, "Pinning.CheckInterval", d.checkInterval());
        Duration repair = duration(cfg, "Pinning.RepairAfter", d.repairAfter());
        return d.withPolicies(policies).withAcceptTrust(accept).withQuota(quota, d.maxHeld())
                .withTimings(check, repair).withProofs(proofs(cfg, d.proofs()));
    }

    private static ProofSettings proofs(RepoConfig cfg, ProofSettings d) {
        Duration interval = d.interval();
        var v = cfg.get("Pinning.ProofInterval").filter(n -> !n.isNull());
        if (v.isPresent()) {
            String text = v.get().asText().strip();
            try {
                // "0" (or any zero duration) turns periodic proofs off
                interval = text.equals("0") ? Duration.ZERO : Durations.parse(text);
                if (interval.isNegative()) {
                    throw new IllegalArgumentException("must not be negative");
                }
            } catch (IllegalArgumentException e) {
                throw new RepoException("config Pinning.ProofInterval: " + e.getMessage()
                        + " (\"0\" turns periodic proofs off)");
            }
        }
        var b = cfg.get("Pinning.ProofBlocks").filter(n -> !n.isNull());
        int blocks = d.blocks();
        if (b.isPresent()) {
            if (!b.get().isIntegralNumber() || b.get().asLong() < 1 || b.get().asLong() > ProofSettings.MAX_BLOCKS) {
                throw new RepoException("config Pinning.ProofBlocks must be a number of blocks 1-"
                        + ProofSettings.MAX_BLOCKS + ": " + b.get());
            }
            blocks = b.get().asInt();
        }
        Duration timeout = duration(cfg, "Pinning.ProofTimeout", d.timeout());
        return new ProofSettings(interval, blocks, timeout);
    }

    /** The {@code Pinning.Reciprocity} settings of {@code cfg}, checked; {@link RepoException} names the bad key. */
    public static ReciprocityConfig reciprocity(RepoConfig cfg) {
        ReciprocityConfig d = ReciprocityConfig.defaults();
        JsonNode r = cfg.get("Pinning.Reciprocity").filter(n -> !n.isNull()).orElse(null);
        if (r == null) {
            return d;
        }
        if (!r.isObject()) {
            throw new RepoException("config Pinning.Reciprocity must be an object such as {\"Enabled\": true, "
                    + "\"MinTrust\": 1, \"Ratio\": 1.0, \"CreditFor\": \"72h\"}: " + r);
        }
        boolean enabled = d.enabled();
        JsonNode e = r.path("Enabled");
        if (e.isBoolean() || e.isTextual() && (e.asText().equals("true") || e.asText().equals("false"))) {
            enabled = e.asBoolean();
        } else if (!e.isMissingNode() && !e.isNull()) {
            throw new RepoException("config Pinning.Reciprocity.Enabled must be true or false: " + e);
        }
        JsonNode t = r.path("MinTrust");
        int minTrust = d.minTrust();
        if (!t.isMissingNode() && !t.isNull()) {
            if (!t.isIntegralNumber() || t.asLong() < 0 || t.asLong() > 10) {
                throw new RepoException("config Pinning.Reciprocity.MinTrust is a trust level 0-10: " + t);
            }
            minTrust = t.asInt();
        }
        JsonNode q = r.path("Ratio");
        double ratio = d.ratio();
        if (!q.isMissingNode() && !q.isNull()) {
            try {
                ratio = q.isNumber() ? q.asDouble() : Double.parseDouble(q.asText().strip());
            } catch (NumberFormatException ex) {
                ratio = Double.NaN;
            }
            if (!(ratio >= 0 && ratio <= ReciprocityConfig.MAX_RATIO)) {
                throw new RepoException("config Pinning.Reciprocity.Ratio must be a number 0-"
                        + (int) ReciprocityConfig.MAX_RATIO + ": " + q);
            }
        }
        Duration creditFor = duration(cfg, "Pinning.Reciprocity.CreditFor", d.creditFor());
        return new ReciprocityConfig(enabled, minTrust, ratio, creditFor);
    }

    /**
     * {@code Pinning.Reciprocity.ServeFirst} (default true): whether peers with storage credit get a larger share of
     * this node's Bitswap server ({@link CreditorWeights}), of its {@code /ferry/request} answers, and the same
     * multiple of {@code Bandwidth.PerPeerLimit} ({@link CreditorCaps}). Independent of {@code Enabled}, which only
     * governs keeping content on credit.
     */
    public static boolean serveFirst(RepoConfig cfg) {
        JsonNode v = cfg.get("Pinning.Reciprocity.ServeFirst").orElse(null);
        if (v == null || v.isNull() || v.isMissingNode()) {
            return true;
        }
        if (v.isBoolean() || v.isTextual() && (v.asText().equals("true") || v.asText().equals("false"))) {
            return v.asBoolean();
        }
        throw new RepoException("config Pinning.Reciprocity.ServeFirst must be true or false: " + v);
    }

    private static Duration duration(RepoConfig cfg, String key, Duration dflt) {
        var v = cfg.get(key).filter(n -> !n.isNull());
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            Duration d = Durations.parse(v.get().asText());
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("must be positive");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new RepoException("config " + key + ": " + e.getMessage());
        }
    }

    /** A byte count: a number, or text such as {@code 10GB} (10^9) or {@code 10GiB} (2^30). */
    static long size(RepoConfig cfg, String key, long dflt) {
        var v = cfg.get(key).filter(n -> !n.isNull());
        if (v.isEmpty()) {
            return dflt;
        }
        if (v.get().isIntegralNumber() && v.get().asLong() >= 0) {
            return v.get().asLong();
        }
        Matcher m = SIZE.matcher(v.get().asText().strip());
        if (!v.get().isTextual() || !m.matches()) {
            throw new RepoException("config " + key + " must be a size such as 10GB or 10GiB: " + v.get());
        }
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        double mult = switch (unit) {
            case "B" -> 1;
            case "KB" -> 1e3;
            case "MB" -> 1e6;
            case "GB" -> 1e9;
            case "TB" -> 1e12;
            case "KIB" -> 1L << 10;
            case "MIB" -> 1L << 20;
            case "GIB" -> 1L << 30;
            default -> (double) (1L << 40);
        };
        return (long) (Double.parseDouble(m.group(1)) * mult);
    }
}
