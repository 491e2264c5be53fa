package dev.ferry.net.autonat.v2.wire;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One message on the {@code /libp2p/autonat/2/dial-request} stream. Addresses stay in their binary form here; the
 * services decode them and skip what they cannot read.
 */
public sealed interface AutonatV2Message permits AutonatV2Message.DialRequest, AutonatV2Message.DialResponse,
        AutonatV2Message.DialDataRequest, AutonatV2Message.DialDataResponse {

    /**
     * The client's request: dial the first of {@code addrs} you will, and give back {@code nonce}.
     *
     * @param addrs binary multiaddrs, highest priority first
     */
    record DialRequest(List<byte[]> addrs, long nonce) implements AutonatV2Message {
        public DialRequest {
            addrs = addrs.stream().map(byte[]::clone).toList();
        }

        @Override
        public List<byte[]> addrs() {
            return addrs.stream().map(byte[]::clone).toList();
        }

        public int size() {
            return addrs.size();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DialRequest r && nonce == r.nonce && addrs.size() == r.addrs.size()
                    && java.util.stream.IntStream.range(0, addrs.size())
                            .allMatch(i -> Arrays.equals(addrs.get(i), r.addrs.get(i)));
        }

        @Override
        public int hashCode() {
            int h = Long.hashCode(nonce);
            for (byte[] a : addrs) {
                h = 31 * h + Arrays.hashCode(a);
            }
            return h;
        }

        @Override
        public String toString() {
            return "DialRequest[" + addrs.size() + " addresses]";
        }
    }

    /**
     * The server's answer.
     *
     * @param addrIdx    the index of the address dialled (meaningful with {@link DialResponseStatus#OK})
     * @param dialStatus how the dial went ({@link DialStatus#UNUSED} when none was made)
     */
    record DialResponse(DialResponseStatus status, int addrIdx, DialStatus dialStatus) implements AutonatV2Message {
        public DialResponse {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(dialStatus, "dialStatus");
            if (addrIdx < 0) {
                throw new IllegalArgumentException("negative address index " + addrIdx);
            }
        }

        /** A response that dialled nothing. */
        public static DialResponse of(DialResponseStatus status) {
            return new DialResponse(status, 0, DialStatus.UNUSED);
        }
    }

    /** The server's price for dialling an address at another IP than the client's: send {@code numBytes} first. */
    record DialDataRequest(int addrIdx, long numBytes) implements AutonatV2Message {
        public DialDataRequest {
            if (addrIdx < 0 || numBytes < 0) {
                throw new IllegalArgumentException("negative dial data request: " + addrIdx + ", " + numBytes);
            }
        }
    }

    /** One piece of the dial data; only {@code data}'s length counts. */
    record DialDataResponse(byte[] data) implements AutonatV2Message {
        public DialDataResponse {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        public int length() {
            return data.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DialDataResponse r && Arrays.equals(data, r.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "DialDataResponse[" + data.length + " bytes]";
        }
    }
}
