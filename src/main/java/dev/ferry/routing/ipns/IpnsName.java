package dev.ferry.routing.ipns;

import dev.ferry.identity.KeyFormatException;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multibase;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An IPNS name: the multihash of the public key that signs its records, the same bytes as that key's peer ID. Its
 * text form is a CIDv1 with codec libp2p-key in base36 ({@code k51…}), as Kubo prints it; {@link #parse} also takes
 * a bare peer ID ({@code 12D3KooW…}, {@code Qm…}) and the CID in any multibase.
 */
public record IpnsName(PeerId peerId) {
    /** The DHT key prefix of IPNS records. */
    public static final String NAMESPACE = "/ipns/";

    public IpnsName {
        Objects.requireNonNull(peerId, "peerId");
    }

    /**
     * Parses a name, with or without a leading {@code /ipns/}.
     *
     * @throws IllegalArgumentException if the text is not a key-based name (DNSLink names are not)
     */
    public static IpnsName parse(String text) {
        String t = text.startsWith(NAMESPACE) ? text.substring(NAMESPACE.length()) : text;
        try {
            return new IpnsName(PeerId.parse(t));
        } catch (KeyFormatException e) {
            throw new IllegalArgumentException("not an IPNS name (a key's CID or peer ID): " + text, e);
        }
    }

    /** The routing key of the name's records: {@code /ipns/} followed by the binary multihash. */
    public byte[] routingKey() {
        byte[] prefix = NAMESPACE.getBytes(StandardCharsets.US_ASCII);
        byte[] id = peerId.bytes();
        byte[] key = Arrays.copyOf(prefix, prefix.length + id.length);
        System.arraycopy(id, 0, key, prefix.length, id.length);
        return key;
    }

    /**
     * The name a routing key stands for.
     *
     * @throws IllegalArgumentException if the key is not {@code /ipns/} and a peer ID multihash
     */
    public static IpnsName fromRoutingKey(byte[] key) {
        byte[] prefix = NAMESPACE.getBytes(StandardCharsets.US_ASCII);
        if (key.length <= prefix.length || !Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length)) {
            throw new IllegalArgumentException("not an IPNS routing key");
        }
        try {
            return new IpnsName(PeerId.fromBytes(Arrays.copyOfRange(key, prefix.length, key.length)));
        } catch (KeyFormatException e) {
            throw new IllegalArgumentException("an IPNS routing key without a valid name: " + e.getMessage(), e);
        }
    }

    /** The base36 CIDv1 form, {@code k51…}. */
    @Override
    public String toString() {
        return peerId.toCidString(Multibase.BASE36);
    }
}
