package dev.ferry.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.net.autonat.AutonatConfig;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import java.time.Duration;
import java.util.Optional;

/**
 * Kubo's {@code AutoNAT} keys, read strictly (a bad value is a {@link RepoException} naming the key):
 * <ul>
 *   <li>{@code AutoNAT.ServiceMode}: {@code enabled} (the default, also when unset or empty; Kubo's
 *       {@code legacy-v1} means the same here, where v1 is the only version) serves AutoNAT to peers while this node
 *       is not found private; {@code disabled} does not serve it. The client that finds this node's own reachability
 *       runs either way, as Kubo's;
 *   <li>{@code AutoNAT.Throttle}: {@code GlobalLimit} (default 30) and {@code PeerLimit} (default 3) dial-backs per
 *       {@code Interval} (default 1m; "0" or unset: the default), 0 meaning no limit.
 * </ul>
 */
public final class AutonatSettings {
    private AutonatSettings() {}

    /** The AutoNAT settings of a config: whether the service runs, and its and the client's settings. */
    public record Values(boolean service, AutonatConfig config) {
        public String serviceMode() {
            return service ? "enabled" : "disabled";
        }
    }

    public static Values of(RepoConfig cfg) {
        String mode = cfg.get("AutoNAT.ServiceMode").filter(n -> !n.isNull()).map(JsonNode::asText).orElse("");
        boolean service = switch (mode) {
            case "", "enabled", "legacy-v1" -> true;
            case "disabled" -> false;
            default -> throw new RepoException("config AutoNAT.ServiceMode must be enabled or disabled: " + mode);
        };
        AutonatConfig d = AutonatConfig.defaults();
        int global = limit(cfg, "AutoNAT.Throttle.GlobalLimit", d.globalLimit());
        int perPeer = limit(cfg, "AutoNAT.Throttle.PeerLimit", d.peerLimit());
        Duration interval = d.throttleInterval();
        Optional<JsonNode> v = cfg.get("AutoNAT.Throttle.Interval").filter(n -> !n.isNull());
        if (v.isPresent()) {
            Duration parsed;
            try {
                parsed = Durations.parse(v.get().asText());
            } catch (IllegalArgumentException e) {
                throw new RepoException("config AutoNAT.Throttle.Interval: " + e.getMessage());
            }
            if (parsed.isNegative()) {
                throw new RepoException("config AutoNAT.Throttle.Interval must not be negative: " + v.get().asText());
            }
            if (!parsed.isZero()) {
                interval = parsed;
            }
        }
        return new Values(service, d.withThrottle(global, perPeer, interval));
    }

    private static int limit(RepoConfig cfg, String key, int dflt) {
        Optional<JsonNode> v = cfg.get(key).filter(n -> !n.isNull());
        if (v.isEmpty()) {
            return dflt;
        }
        if (!v.get().canConvertToInt() || !v.get().isIntegralNumber() || v.get().asInt() < 0) {
            throw new RepoException("config " + key + " must be a whole number, 0 for no limit: " + v.get());
        }
        return v.get().asInt();
    }
}
