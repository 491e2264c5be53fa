package dev.ferry.net.autonat;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.MultiaddrProtocol;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses a DIAL request may lead the server to. Only the IP the requester's connection comes from is ever
 * dialled (the spec's guard against servers being used to flood a third party): the observed address itself first,
 * then each requested address with its IP replaced by the observed one, so that the ports and transports asked for
 * are still tried (as go-libp2p does). Only TCP and WebSockets over TCP are kept, each address once, at most
 * {@code max}; a trailing {@code /p2p} must name the requester. Unreadable addresses are skipped.
 */
final class DialBackAddresses {
    private DialBackAddresses() {}

    static List<Multiaddr> select(Multiaddr observed, List<byte[]> requested, PeerId requester, int max) {
        LinkedHashSet<Multiaddr> out = new LinkedHashSet<>();
        Multiaddr.Component ip = observed.components().getFirst();
        transportPart(observed, requester).ifPresent(rest -> out.add(at(ip, rest)));
        for (byte[] bytes : requested) {
            if (out.size() >= max) {
                break;
            }
            Multiaddr a;
            try {
                a = Multiaddr.decode(bytes);
            } catch (IllegalArgumentException e) {
                continue;
            }
            MultiaddrProtocol first = a.components().getFirst().protocol();
            if (first != MultiaddrProtocol.IP4 && first != MultiaddrProtocol.IP6) {
                continue; // a DNS name or a relay: nothing to compare with the observed IP
            }
            transportPart(a, requester).ifPresent(rest -> out.add(at(ip, rest)));
        }
        return List.copyOf(out).subList(0, Math.min(max, out.size()));
    }

    /** What follows the IP when it is {@code /tcp/N} or {@code /tcp/N/ws}, less a {@code /p2p} naming the requester. */
    private static Optional<List<Multiaddr.Component>> transportPart(Multiaddr a, PeerId requester) {
        List<Multiaddr.Component> rest = new ArrayList<>(a.components().subList(1, a.components().size()));
        if (!rest.isEmpty() && rest.getLast().protocol() == MultiaddrProtocol.P2P) {
            if (!rest.getLast().valueString().equals(requester.toString())) {
                return Optional.empty();
            }
            rest.removeLast();
        }
        boolean tcp = !rest.isEmpty() && rest.getFirst().protocol() == MultiaddrProtocol.TCP;
        boolean plain = tcp && rest.size() == 1;
        boolean ws = tcp && rest.size() == 2 && rest.get(1).protocol() == MultiaddrProtocol.WS;
        return plain || ws ? Optional.of(rest) : Optional.empty();
    }

    private static Multiaddr at(Multiaddr.Component ip, List<Multiaddr.Component> rest) {
        List<Multiaddr.Component> all = new ArrayList<>(rest.size() + 1);
        all.add(ip);
        all.addAll(rest);
        return Multiaddr.of(all);
    }
}
