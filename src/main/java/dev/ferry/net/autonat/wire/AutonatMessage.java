package dev.ferry.net.autonat.wire;

import java.util.Arrays;
import java.util.List;

/**
 * One AutoNAT v1 message: a {@link Dial} request or a {@link DialResponse}. Addresses and peer ids stay in their binary
 * form here; the services decode them and skip what they cannot read.
 */
public sealed interface AutonatMessage permits AutonatMessage.Dial, AutonatMessage.DialResponse {

    /**
     * The peer asking to be dialled, and where.
     *
     * @param id    the peer id's bytes (a multihash), or null when absent
     * @param addrs binary multiaddrs, as sent
     */
    record PeerInfo(byte[] id, List<byte[]> addrs) {
        public PeerInfo {
            id = id == null ? null : id.clone();
            addrs = addrs.stream().map(byte[]::clone).toList();
        }

        @Override
        public byte[] id() {
            return id == null ? null : id.clone();
        }

        @Override
        public List<byte[]> addrs() {
            return addrs.stream().map(byte[]::clone).toList();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PeerInfo p && Arrays.equals(id, p.id) && addrs.size() == p.addrs.size()
                    && java.util.stream.IntStream.range(0, addrs.size())
                            .allMatch(i -> Arrays.equals(addrs.get(i), p.addrs.get(i)));
        }

        @Override
        public int hashCode() {
            int h = Arrays.hashCode(id);
            for (byte[] a : addrs) {
                h = 31 * h + Arrays.hashCode(a);
            }
            return h;
        }
    }

    /** A request to be dialled back; {@code peer} is null when the message carried none (a bad request). */
    record Dial(PeerInfo peer) implements AutonatMessage {}

    /**
     * The answer to a {@link Dial}.
     *
     * @param statusText a human-readable reason, empty when absent
     * @param addr       the binary multiaddr the server reached (on {@link ResponseStatus#OK}), or null
     */
    record DialResponse(ResponseStatus status, String statusText, byte[] addr) implements AutonatMessage {
        public DialResponse {
            java.util.Objects.requireNonNull(status, "status");
            statusText = statusText == null ? "" : statusText;
            addr = addr == null ? null : addr.clone();
        }

        public static DialResponse of(ResponseStatus status, String statusText) {
            return new DialResponse(status, statusText, null);
        }

        @Override
        public byte[] addr() {
            return addr == null ? null : addr.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DialResponse r && status == r.status && statusText.equals(r.statusText)
                    && Arrays.equals(addr, r.addr);
        }

        @Override
        public int hashCode() {
            return (status.hashCode() * 31 + statusText.hashCode()) * 31 + Arrays.hashCode(addr);
        }

        @Override
        public String toString() {
            return "DialResponse[" + status + (statusText.isEmpty() ? "" : " " + statusText) + "]";
        }
    }
}
