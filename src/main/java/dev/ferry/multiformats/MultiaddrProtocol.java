package dev.ferry.multiformats;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The multiaddr protocol table (multiformats/multiaddr protocols.csv at dafd97e, with 280/281 named as in the
 * current multicodec table). Codes are wire constants: append only. {@link #sizeBits()} is the fixed value size in
 * bits, {@value #VARIABLE} for a {@code varint(len) bytes} value, or 0 for no value.
 */
public enum MultiaddrProtocol {
    IP4(4, "ip4", 32, ValueKind.IP4),
    TCP(6, "tcp", 16, ValueKind.PORT),
    UDP(273, "udp", 16, ValueKind.PORT),
    DCCP(33, "dccp", 16, ValueKind.PORT),
    IP6(41, "ip6", 128, ValueKind.IP6),
    IP6ZONE(42, "ip6zone", -1, ValueKind.TEXT),
    IPCIDR(43, "ipcidr", 8, ValueKind.BYTE),
    DNS(53, "dns", -1, ValueKind.TEXT),
    DNS4(54, "dns4", -1, ValueKind.TEXT),
    DNS6(55, "dns6", -1, ValueKind.TEXT),
    DNSADDR(56, "dnsaddr", -1, ValueKind.TEXT),
    SCTP(132, "sctp", 16, ValueKind.PORT),
    UDT(301, "udt", 0, ValueKind.NONE),
    UTP(302, "utp", 0, ValueKind.NONE),
    /** The value is a path: the rest of the text form, starting with '/'. */
    UNIX(400, "unix", -1, ValueKind.PATH),
    /** Text form base58btc multihash (or a CIDv1 libp2p-key); {@code /ipfs} is a legacy alias with the same code. */
    P2P(421, "p2p", -1, ValueKind.MULTIHASH),
    ONION(444, "onion", 96, ValueKind.ONION),
    ONION3(445, "onion3", 296, ValueKind.ONION),
    GARLIC64(446, "garlic64", -1, ValueKind.GARLIC64),
    GARLIC32(447, "garlic32", -1, ValueKind.GARLIC32),
    TLS(448, "tls", 0, ValueKind.NONE),
    SNI(449, "sni", -1, ValueKind.TEXT),
    NOISE(454, "noise", 0, ValueKind.NONE),
    QUIC(460, "quic", 0, ValueKind.NONE),
    QUIC_V1(461, "quic-v1", 0, ValueKind.NONE),
    WEBTRANSPORT(465, "webtransport", 0, ValueKind.NONE),
    /** Binary: a multihash; text: multibase (printed as base64url). */
    CERTHASH(466, "certhash", -1, ValueKind.CERTHASH),
    HTTP(480, "http", 0, ValueKind.NONE),
    HTTPS(443, "https", 0, ValueKind.NONE),
    WS(477, "ws", 0, ValueKind.NONE),
    WSS(478, "wss", 0, ValueKind.NONE),
    P2P_WEBSOCKET_STAR(479, "p2p-websocket-star", 0, ValueKind.NONE),
    P2P_STARDUST(277, "p2p-stardust", 0, ValueKind.NONE),
    P2P_WEBRTC_STAR(275, "p2p-webrtc-star", 0, ValueKind.NONE),
    P2P_WEBRTC_DIRECT(276, "p2p-webrtc-direct", 0, ValueKind.NONE),
    WEBRTC_DIRECT(280, "webrtc-direct", 0, ValueKind.NONE),
    WEBRTC(281, "webrtc", 0, ValueKind.NONE),
    P2P_CIRCUIT(290, "p2p-circuit", 0, ValueKind.NONE),
    MEMORY(777, "memory", -1, ValueKind.TEXT);

    /** {@link #sizeBits()} of a length-prefixed value. */
    public static final int VARIABLE = -1;

    /** Largest length-prefixed value accepted, checked before allocation. */
    public static final int MAX_VALUE_LENGTH = 1024;

    private static final Map<Long, MultiaddrProtocol> BY_CODE = new HashMap<>();
    private static final Map<String, MultiaddrProtocol> BY_NAME = new HashMap<>();

    static {
        for (MultiaddrProtocol p : values()) {
            BY_CODE.put(p.code, p);
            BY_NAME.put(p.protocolName, p);
        }
        BY_NAME.put("ipfs", P2P);
    }

    private final long code;
    private final String protocolName;
    private final int sizeBits;
    private final ValueKind kind;

    MultiaddrProtocol(long code, String protocolName, int sizeBits, ValueKind kind) {
        this.code = code;
        this.protocolName = protocolName;
        this.sizeBits = sizeBits;
        this.kind = kind;
    }

    public long code() {
        return code;
    }

    /** The canonical text name, e.g. {@code "quic-v1"} ({@code "p2p"} for the ipfs alias). */
    public String protocolName() {
        return protocolName;
    }

    /** Fixed value size in bits, {@link #VARIABLE} for length-prefixed values, 0 for none. */
    public int sizeBits() {
        return sizeBits;
    }

    public boolean hasValue() {
        return sizeBits != 0;
    }

    /** Whether the value is a path that takes the rest of the text form (unix). */
    public boolean isPath() {
        return kind == ValueKind.PATH;
    }

    ValueKind kind() {
        return kind;
    }

    public static Optional<MultiaddrProtocol> byCode(long code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** Looks a protocol up by text name, aliases included ({@code ipfs} → {@link #P2P}). */
    public static Optional<MultiaddrProtocol> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** How a protocol's value is written in text and checked in binary. */
    enum ValueKind { NONE, IP4, IP6, PORT, BYTE, TEXT, PATH, MULTIHASH, ONION, GARLIC64, GARLIC32, CERTHASH }
}
