package dev.ferry.net.autonat.v2;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.MultiaddrProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The address of a dial request that a server picked, with its index in the request.
 *
 * @param index   zero-based, as the response names it
 * @param address the address dialled, without a trailing {@code /p2p}
 */
record DialTarget(int index, Multiaddr address) {
    /** The server looks at this many addresses of a request at most (go-libp2p's bound); the rest are ignored. */
    static final int MAX_INSPECTED = 50;

    /** Whether {@code address} is plain TCP ({@code /tcp/N}) rather than WebSockets ({@code /tcp/N/ws}). */
    boolean isPlainTcp() {
        return address.components().size() == 2;
    }

    /**
     * The address {@code bytes} names, when it has a shape a dial-back can take: an IP, then {@code /tcp/N} or
     * {@code /tcp/N/ws}, then at most a {@code /p2p} naming the requester (dropped). DNS names are not dialled: the
     * amplification defence compares IPs, and a name could lead anywhere.
     */
    static Optional<Multiaddr> shape(byte[] bytes, PeerId requester) {
        Multiaddr a;
        try {
            a = Multiaddr.decode(bytes);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        List<Multiaddr.Component> cs = new ArrayList<>(a.components());
        if (!cs.isEmpty() && cs.getLast().protocol() == MultiaddrProtocol.P2P) {
            if (!cs.getLast().valueString().equals(requester.toString())) {
                return Optional.empty();
            }
            cs.removeLast();
        }
        if (cs.size() < 2 || cs.size() > 3) {
            return Optional.empty();
        }
        MultiaddrProtocol ip = cs.get(0).protocol();
        boolean shaped = (ip == MultiaddrProtocol.IP4 || ip == MultiaddrProtocol.IP6)
                && cs.get(1).protocol() == MultiaddrProtocol.TCP
                && (cs.size() == 2 || cs.get(2).protocol() == MultiaddrProtocol.WS);
        return shaped ? Optional.of(Multiaddr.of(cs)) : Optional.empty();
    }
}
