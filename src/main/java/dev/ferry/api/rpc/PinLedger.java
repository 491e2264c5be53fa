package dev.ferry.api.rpc;

import dev.ferry.node.CreditorWeights;
import dev.ferry.policy.bandwidth.BandwidthBudgets;
import dev.ferry.policy.pinning.HeldReplicas;
import dev.ferry.policy.pinning.ReciprocalBalance;
import dev.ferry.policy.pinning.ReciprocityConfig;
import dev.ferry.policy.pinning.StorageLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code pin/ledger}, also what {@code ferry pin ledger --json} prints without a daemon:
 * <pre>
 * {"Reciprocity": {"Enabled": true, "MinTrust": 1, "Ratio": 1.0, "CreditFor": "72h", "ServeFirst": true},
 *  "Peers": [{"Peer": "did:key:…", "Proven": bytes, "LastProof": "RFC 3339" or "", "Kept": bytes,
 *             "AllowanceLeft": bytes, "Weight": 1-4, "PeerLimit": bytes/s}]}
 * </pre>
 * {@code Proven}: what the peer has proven it keeps for this node within {@code CreditFor}; {@code Kept}: what this
 * node keeps (or is fetching) for it; {@code AllowanceLeft}: what it may still have kept here on that credit;
 * {@code Weight}: its share of the Bitswap server's turns that credit buys (1 when {@code ServeFirst} is off);
 * {@code PeerLimit}: its own bandwidth cap each way, {@code Bandwidth.PerPeerLimit} times that weight (0 when no
 * per-peer cap is set).
 */
public final class PinLedger {
    private PinLedger() {}

    /**
     * @param serveFirst   whether credit buys a larger share of the Bitswap server and a larger per-peer cap
     *                     ({@code ServeFirst})
     * @param perPeerLimit {@code Bandwidth.PerPeerLimit}, bytes per second each way, 0 for none
     */
    public static Map<String, Object> report(StorageLedger ledger, HeldReplicas held, ReciprocityConfig config,
            boolean serveFirst, long perPeerLimit) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("Enabled", config.enabled());
        settings.put("MinTrust", config.minTrust());
        settings.put("Ratio", config.ratio());
        settings.put("CreditFor", text(config.creditFor()));
        settings.put("ServeFirst", serveFirst);
        List<Map<String, Object>> peers = new ArrayList<>();
        for (ReciprocalBalance b : ReciprocalBalance.of(ledger, held, config)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Peer", b.peer().toString());
            m.put("Proven", b.proven());
            m.put("LastProof", b.lastProofMillis().map(ms -> Instant.ofEpochMilli(ms).toString()).orElse(""));
            m.put("Kept", b.kept());
            m.put("AllowanceLeft", b.allowanceLeft());
            int weight = serveFirst ? CreditorWeights.weightFor(b.proven()) : 1;
            m.put("Weight", weight);
            m.put("PeerLimit", BandwidthBudgets.capFor(perPeerLimit, weight));
            peers.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Reciprocity", settings);
        out.put("Peers", peers);
        return out;
    }

    /** A duration in the config's own units: the largest of h, m, s, ms that divides it. */
    static String text(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
