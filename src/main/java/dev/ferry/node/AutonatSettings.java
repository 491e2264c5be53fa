package dev.ferry.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.net.autonat.AutonatConfig;
import dev.ferry.net.autonat.v2.AutonatV2Config;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import java.time.Duration;
import java.util.Optional;

/**
 * Kubo's {@code AutoNAT} keys, read strictly (a bad value is a {@link RepoException} naming the key):
 * <ul>
 *   <li>{@code AutoNAT.ServiceMode}: {@code enabled} (the default, also when unset or empty) serves AutoNAT v1 and v2
 *       to peers while this node is not found private; {@code legacy-v1} serves v1 only, as Kubo's; {@code disabled}
 *       serves neither. The clients that find this node's own reachability (v1) and that of each of its addresses
 *       (v2) run either way, as Kubo's;
 *   <li>{@code AutoNAT.Throttle}: {@code GlobalLimit} (default 30) and {@code PeerLimit} (default 3) dial-backs per
 *       {@code Interval} (default 1m; "0" or unset: the default), 0 meaning no limit. They are v1's: v2 keeps
 *       go-libp2p's own limits, which Kubo does not let this key change.
 * </ul>
 */
public final class AutonatSettings {
    private AutonatSettings() {}

    /**
     * The AutoNAT settings of a config: which services run, and the settings of v1's server and client and of v2's.
     *
     * @param serviceMode {@code enabled}, {@code legacy-v1} or {@code disabled}
     */
    public record Values(String serviceMode, AutonatConfig config, AutonatV2Config v2Config) {
        /** Whether the v1 service runs. */
        public boolean service() {
            return !serviceMode.equals("disabled");
        }

        /** Whether the v2 service runs. */
        public boolean v2Service() {
            return serviceMode.equals("enabled");
        }
    }

    public static Values of(RepoConfig cfg) {
        String mode = cfg.get("AutoNAT.ServiceMode").filter(n -> !n.isNull()).map(JsonNode::asText).orElse("");
        String serviceMode = switch (mode) {
            case "", "enabled" -> "enabled";
            case "legacy-v1", "disabled" -> mode;
            default -> throw new RepoException("config AutoNAT.ServiceMode must be enabled, legacy-v1 or disabled: "
                    + mode);
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
        return new Values(serviceMode, d.withThrottle(global, perPeer, interval), AutonatV2Config.defaults());
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
