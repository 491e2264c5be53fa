package dev.ferry.net.host;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.MultiaddrProtocol;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The addresses a host tells peers it can be reached at (identify, capabilities records, content notices): a listener
 * bound to the unspecified address ({@code /ip4/0.0.0.0}, {@code /ip6/::}) accepts on every interface but cannot be
 * dialled as such (a peer dialling 0.0.0.0 reaches itself), so it stands for each address of the interfaces that are
 * up, as Kubo announces them. Link-local IPv6 addresses are left out: they need an interface name to be dialled.
 */
public final class AnnouncedAddresses {
    private AnnouncedAddresses() {}

    /** {@code bound} with each unspecified address replaced by the interfaces' addresses of its family. */
    public static List<Multiaddr> expand(List<Multiaddr> bound) {
        return expand(bound, interfaceAddresses());
    }

    static List<Multiaddr> expand(List<Multiaddr> bound, List<InetAddress> interfaces) {
        Set<Multiaddr> out = new LinkedHashSet<>();
        for (Multiaddr a : bound) {
            List<Multiaddr.Component> parts = a.components();
            if (parts.isEmpty()) {
                continue;
            }
            Multiaddr.Component first = parts.getFirst();
            boolean zero = isZero(first.value());
            boolean any4 = first.protocol() == MultiaddrProtocol.IP4 && zero;
            boolean any6 = first.protocol() == MultiaddrProtocol.IP6 && zero;
            if (!any4 && !any6) {
                out.add(a);
                continue;
            }
            for (InetAddress i : interfaces) {
                boolean v6 = i instanceof Inet6Address && !i.isLinkLocalAddress();
                if ((any4 && i instanceof Inet4Address) || (any6 && v6)) {
                    List<Multiaddr.Component> replaced = new ArrayList<>(parts);
                    replaced.set(0, Multiaddr.Component.of(first.protocol().protocolName(),
                            i.getHostAddress().replaceAll("%.*$", "")));
                    out.add(Multiaddr.of(replaced));
                }
            }
        }
        return List.copyOf(out);
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** The addresses of the interfaces that are up, loopback included. */
    static List<InetAddress> interfaceAddresses() {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (ni.isUp()) {
                    out.addAll(Collections.list(ni.getInetAddresses()));
                }
            }
        } catch (SocketException e) {
            // no interface list: only the loopback addresses are sure
            out.add(InetAddress.getLoopbackAddress());
        }
        return out;
    }
}
