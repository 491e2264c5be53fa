package dev.ferry.routing.delegated;

import dev.ferry.dag.cbor.CborValue;
import dev.ferry.dag.cbor.CborValue.CborArray;
import dev.ferry.dag.cbor.CborValue.CborMap;
import dev.ferry.dag.cbor.CborValue.CborText;
import dev.ferry.dag.json.DagJson;
import dev.ferry.dag.json.DagJsonException;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the bodies of {@code /routing/v1/providers} and {@code /routing/v1/peers} answers: a JSON object whose
 * {@code Providers} (or {@code Peers}) array holds records, or NDJSON, one record per line. Only {@code "peer"}
 * records are kept; records of other schemas, without a valid {@code ID}, or that are no objects are skipped, as are
 * addresses that are no multiaddrs; a body that is no JSON at all is an error. At most {@code max} records, at most
 * {@link #MAX_ADDRS} addresses and {@link #MAX_PROTOCOLS} protocols each are kept (the rest are dropped, as a router
 * may well know more than a node needs).
 */
public final class RoutingAnswers {
    public static final int MAX_ADDRS = 64;
    public static final int MAX_PROTOCOLS = 32;

    private RoutingAnswers() {}

    /**
     * The records of a JSON answer.
     *
     * @param key {@code Providers} or {@code Peers}; an absent or null array is no records
     * @throws DelegatedRoutingException when the body is no JSON object, or the array is no array
     */
    public static List<RoutedPeer> json(byte[] body, String key, int max) {
        CborValue v;
        try {
            v = DagJson.decode(body);
        } catch (DagJsonException e) {
            throw new DelegatedRoutingException("the answer is not JSON: " + e.getMessage(), e);
        }
        if (!(v instanceof CborMap m)) {
            throw new DelegatedRoutingException("the answer is not a JSON object");
        }
        CborValue list = m.entries().get(key);
        if (list == null || list instanceof CborValue.CborNull) {
            return List.of();
        }
        if (!(list instanceof CborArray a)) {
            throw new DelegatedRoutingException("the answer's " + key + " is not an array");
        }
        List<RoutedPeer> out = new ArrayList<>();
        for (CborValue item : a.items()) {
            if (out.size() >= max) {
                break;
            }
            record(item).ifPresent(out::add);
        }
        return out;
    }

    /**
     * The record of one NDJSON line; empty for a blank line or a record that is skipped.
     *
     * @throws DelegatedRoutingException when the line is not JSON
     */
    public static Optional<RoutedPeer> line(String line) {
        if (line.isBlank()) {
            return Optional.empty();
        }
        try {
            return record(DagJson.decode(line.getBytes(StandardCharsets.UTF_8)));
        } catch (DagJsonException e) {
            throw new DelegatedRoutingException("an NDJSON line is not JSON: " + e.getMessage(), e);
        }
    }

    /** The records of a whole NDJSON body, at most {@code max}. */
    public static List<RoutedPeer> ndjson(byte[] body, int max) {
        List<RoutedPeer> out = new ArrayList<>();
        for (String l : new String(body, StandardCharsets.UTF_8).split("\n", -1)) {
            if (out.size() >= max) {
                break;
            }
            line(l).ifPresent(out::add);
        }
        return out;
    }

    /** A {@code peer} record, or empty when this value is not one (other schema, no valid ID, not an object). */
    static Optional<RoutedPeer> record(CborValue v) {
        if (!(v instanceof CborMap m) || !(m.entries().get("Schema") instanceof CborText schema)
                || !schema.text().equals("peer") || !(m.entries().get("ID") instanceof CborText id)) {
            return Optional.empty();
        }
        PeerId peer;
        try {
            peer = PeerId.parse(id.text());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        List<Multiaddr> addrs = new ArrayList<>();
        for (String s : texts(m.entries().get("Addrs"), MAX_ADDRS)) {
            try {
                addrs.add(Multiaddr.parse(s));
            } catch (RuntimeException e) {
                // an address this node cannot read is one it cannot dial either
            }
        }
        return Optional.of(new RoutedPeer(peer, addrs, texts(m.entries().get("Protocols"), MAX_PROTOCOLS)));
    }

    /** The strings of an array (other items skipped), at most {@code max}; none when it is no array. */
    private static List<String> texts(CborValue v, int max) {
        List<String> out = new ArrayList<>();
        if (v instanceof CborArray a) {
            for (CborValue item : a.items()) {
                if (out.size() >= max) {
                    break;
                }
                if (item instanceof CborText t) {
                    out.add(t.text());
                }
            }
        }
        return out;
    }
}
