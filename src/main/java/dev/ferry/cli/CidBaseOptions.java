package dev.ferry.cli;

import dev.ferry.multiformats.CidEncoder;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Kubo's {@code --cid-base} and {@code --upgrade-cidv0-in-output}, for the commands that print CIDs. With a daemon
 * they go along as the RPC options of the same names; without one the command encodes with {@link #encoder()}.
 */
final class CidBaseOptions {
    @Option(names = "--cid-base", paramLabel = "BASE",
            description = "Multibase for version 1 CIDs in output (e.g. base32, base36, base58btc); "
                    + "CIDv0 are then printed as v1 too.")
    String base;

    @Option(names = "--upgrade-cidv0-in-output", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Print version 0 CIDs as version 1.")
    Boolean upgrade;

    /** Kubo's encoder for most commands: a base given upgrades CIDv0 (unless the upgrade is turned off). */
    CidEncoder encoder() {
        return CidEncoder.of(base, upgrade);
    }

    /** The encoder of a low-level command: a base alone leaves CIDv0 as they are. */
    CidEncoder lowLevel() {
        return CidEncoder.lowLevel(base, upgrade);
    }

    /** Without {@code --cid-base}, the CID {@code path} starts with decides how to print; else {@link #encoder()}. */
    CidEncoder forPath(String path) {
        return forPath(path, encoder());
    }

    /** As {@link #forPath(String)}, falling back on {@code otherwise}. */
    CidEncoder forPath(String path, CidEncoder otherwise) {
        if (base == null || base.isEmpty()) {
            var own = CidEncoder.fromPath(path);
            if (own.isPresent()) {
                return own.get();
            }
        }
        return otherwise;
    }

    /** The options as a daemon's RPC takes them (none when not given). */
    Map<String, String> rpc() {
        Map<String, String> m = new LinkedHashMap<>();
        if (base != null) {
            m.put("cid-base", base);
        }
        if (upgrade != null) {
            m.put("upgrade-cidv0-in-output", upgrade.toString());
        }
        return m;
    }

    /** {@code options} with these added. */
    Map<String, String> rpc(Map<String, String> options) {
        Map<String, String> m = new LinkedHashMap<>(options);
        m.putAll(rpc());
        return m;
    }
}
