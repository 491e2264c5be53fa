package dev.ferry.net.dcutr.wire;

import dev.ferry.multiformats.Multiaddr;
import java.util.List;
import java.util.Objects;

/**
 * A DCUtR message: CONNECT carries the sender's addresses (observed and announced) to dial it at; SYNC tells the peer
 * to dial now.
 */
public record HolePunch(Type type, List<Multiaddr> obsAddrs) {
    /** The message types, with their wire values. */
    public enum Type {
        CONNECT(100),
        SYNC(300);

        private final int code;

        Type(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    public HolePunch {
        Objects.requireNonNull(type, "type");
        obsAddrs = List.copyOf(obsAddrs);
    }

    public static HolePunch connect(List<Multiaddr> addrs) {
        return new HolePunch(Type.CONNECT, addrs);
    }

    public static HolePunch sync() {
        return new HolePunch(Type.SYNC, List.of());
    }
}
