package dev.ferry.exchange.ferry;

import dev.ferry.identity.Ed25519PrivateKey;
import dev.ferry.identity.Identity;
import dev.ferry.multiformats.Multiaddr;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Identities and records shared by the capabilities tests. */
final class CapabilitiesFixtures {
    private CapabilitiesFixtures() {}

    static Identity seeded(int lastByte) {
        byte[] seed = new byte[32];
        seed[31] = (byte) lastByte;
        return Identity.fromPrivateKey(Ed25519PrivateKey.fromSeed(seed));
    }

    static IpfsNode ipfs() {
        return new IpfsNode(true, IpfsNodeType.FERRY, Optional.of(URI.create("https://gw.example/")),
                List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001")));
    }

    static CapabilitiesRecord record(Identity id, long seq, BloomFilter index) {
        return new CapabilitiesRecord(id.did(), seq, ipfs(), index, new BandwidthLimit(1000, 0));
    }
}
