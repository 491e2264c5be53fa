package dev.ferry.net.host;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.IpCidr;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.MultiaddrProtocol;
import java.util.ArrayList;
import java.util.List;

/**
 * Kubo's {@code Swarm.ResourceMgr.Allowlist}: the addresses whose connections the system, transient and peer
 * connection limits never refuse (they are still counted). An entry is an IP ({@code /ip4/1.2.3.4}), a netmask
 * ({@code /ip4/10.0.0.0/ipcidr/8}), either followed by {@code /p2p/<peer id>} to admit only that peer from there.
 * Immutable.
 */
public final class ResourceAllowlist {
    public static final ResourceAllowlist EMPTY = new ResourceAllowlist(List.of());

    private record Entry(IpCidr network, PeerId peer, String text) {}

    private final List<Entry> entries;

    private ResourceAllowlist(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Parses the entries.
     *
     * @throws IllegalArgumentException naming the entry that is none of the forms above
     */
    public static ResourceAllowlist parse(List<String> texts) {
        List<Entry> out = new ArrayList<>();
        for (String text : texts) {
            out.add(entry(text));
        }
        return new ResourceAllowlist(out);
    }

    private static Entry entry(String text) {
        try {
            List<Multiaddr.Component> parts = Multiaddr.parse(text).components();
            int i = 0;
            if (parts.isEmpty() || (parts.get(0).protocol() != MultiaddrProtocol.IP4
                    && parts.get(0).protocol() != MultiaddrProtocol.IP6)) {
                throw new IllegalArgumentException("does not start with /ip4 or /ip6");
            }
            byte[] ip = parts.get(i++).value();
            int bits = ip.length * 8;
            if (i < parts.size() && parts.get(i).protocol() == MultiaddrProtocol.IPCIDR) {
                bits = parts.get(i++).value()[0] & 0xff;
            }
            PeerId peer = null;
            if (i < parts.size() && parts.get(i).protocol() == MultiaddrProtocol.P2P) {
                peer = PeerId.parse(parts.get(i++).valueString());
            }
            if (i < parts.size()) {
                throw new IllegalArgumentException("unexpected /" + parts.get(i).protocol().protocolName());
            }
            return new Entry(new IpCidr(ip, bits), peer, text);
        } catch (IllegalArgumentException e) { // a MultiformatException too
            throw new IllegalArgumentException("invalid allowlist entry '" + text + "' (want /ip4/<ip>[/ipcidr/<bits>]"
                    + "[/p2p/<peer id>] or the same with /ip6): " + e.getMessage(), e);
        }
    }

    /** Whether some entry covers the address, whoever the peer turns out to be (before the handshake). */
    public boolean coversAddress(Multiaddr remote) {
        if (remote == null) {
            return false;
        }
        for (Entry e : entries) {
            if (e.network().matches(remote)) {
                return true;
            }
        }
        return false;
    }

    /** Whether some entry covers the address for this peer. */
    public boolean covers(Multiaddr remote, PeerId peer) {
        if (remote == null) {
            return false;
        }
        for (Entry e : entries) {
            if (e.network().matches(remote) && (e.peer() == null || e.peer().equals(peer))) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The entries as they were written. */
    public List<String> entries() {
        return entries.stream().map(Entry::text).toList();
    }

    @Override
    public String toString() {
        return entries().toString();
    }
}
