package dev.ferry.exchange.ferry;

import dev.ferry.exchange.ferry.wire.CapabilitiesFormatException;
import dev.ferry.exchange.ferry.wire.CapabilitiesWire;
import dev.ferry.exchange.ferry.wire.WireEnvelope;
import dev.ferry.exchange.ferry.wire.WireRecord;
import dev.ferry.identity.Did;
import dev.ferry.identity.Identity;
import dev.ferry.identity.KeyFormatException;
import dev.ferry.identity.PublicKey;
import dev.ferry.multiformats.Multiaddr;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Signs, encodes, decodes and verifies capabilities records (format in the package documentation). Stateless and
 * thread-safe.
 *
 * <p>The signed bytes are {@link #SIGNING_DOMAIN} (ASCII, 28 bytes) ‖ {@code 0x00} ‖ the record bytes exactly as they
 * travel in {@code SignedCapabilities.record}; the record bytes must be the canonical protobuf encoding, so one
 * record has one signed form.
 */
public final class CapabilitiesCodec {
    /** Domain separation: a signature made for this purpose is useless for any other. */
    public static final String SIGNING_DOMAIN = "ferry-capabilities-record:v1";

    private CapabilitiesCodec() {}

    /** The bytes a signature covers: {@code SIGNING_DOMAIN ‖ 0x00 ‖ recordBytes}. */
    public static byte[] signingBytes(byte[] recordBytes) {
        byte[] domain = SIGNING_DOMAIN.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[domain.length + 1 + recordBytes.length];
        System.arraycopy(domain, 0, out, 0, domain.length);
        out[domain.length] = 0;
        System.arraycopy(recordBytes, 0, out, domain.length + 1, recordBytes.length);
        return out;
    }

    /** The canonical record bytes. */
    public static byte[] encodeRecord(CapabilitiesRecord r) {
        List<byte[]> addrs = new ArrayList<>();
        for (Multiaddr a : r.ipfs().swarmAddresses()) {
            addrs.add(a.bytes());
        }
        IpfsNode ipfs = r.ipfs();
        return CapabilitiesWire.encodeRecord(new WireRecord(r.did().toString(), r.seq(), true, ipfs.enabled(),
                ipfs.type().code(), ipfs.publicGateway().map(URI::toString).orElse(""), addrs,
                r.contentIndex().encode(), !r.bandwidth().unlimited(), r.bandwidth().uploadBytesPerSecond(),
                r.bandwidth().downloadBytesPerSecond()));
    }

    /**
     * Signs {@code record} with {@code identity}, whose DID must be the record's.
     *
     * @throws IllegalArgumentException the record names another DID
     */
    public static SignedCapabilities sign(CapabilitiesRecord record, Identity identity) {
        if (!identity.did().equals(record.did())) {
            throw new IllegalArgumentException("record of " + record.did() + " cannot be signed by " + identity.did());
        }
        byte[] bytes = encodeRecord(record);
        return new SignedCapabilities(record, bytes, identity.sign(signingBytes(bytes)));
    }

    /** The {@code SignedCapabilities} message bytes (unframed). */
    public static byte[] encode(SignedCapabilities s) {
        return CapabilitiesWire.encodeEnvelope(new WireEnvelope(s.recordBytes(), s.signature()));
    }

    /**
     * Decodes record bytes and checks their meaning: a canonical did:key, a known node type, an http(s) gateway URL,
     * multiaddrs that parse, a Bloom filter within the caps.
     *
     * @throws CapabilitiesFormatException anything malformed or beyond a cap ({@code oversized()} for sizes)
     */
    public static CapabilitiesRecord decodeRecord(byte[] bytes, long maxBits, int maxHashes)
            throws CapabilitiesFormatException {
        WireRecord w = CapabilitiesWire.decodeRecord(bytes);
        Did did;
        try {
            did = Did.parse(w.did());
        } catch (KeyFormatException e) {
            throw new CapabilitiesFormatException("record DID: " + e.getMessage(), e);
        }
        IpfsNodeType type = w.hasIpfs()
                ? IpfsNodeType.fromCode(w.ipfsType()).orElseThrow(
                        () -> new CapabilitiesFormatException("unknown IPFS node type " + w.ipfsType()))
                : null;
        if (type == null) {
            throw new CapabilitiesFormatException("record without its IPFS node");
        }
        Optional<URI> gateway = Optional.empty();
        if (!w.gatewayUrl().isEmpty()) {
            try {
                URI u = new URI(w.gatewayUrl());
                IpfsNode.checkGateway(u);
                gateway = Optional.of(u);
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new CapabilitiesFormatException("bad gateway URL: " + e.getMessage(), e);
            }
        }
        List<Multiaddr> addrs = new ArrayList<>();
        for (byte[] a : w.swarmAddrs()) {
            try {
                addrs.add(Multiaddr.decode(a));
            } catch (RuntimeException e) {
                throw new CapabilitiesFormatException("bad swarm address: " + e.getMessage(), e);
            }
        }
        BloomFilter index = BloomFilter.decode(w.contentIndex(), maxBits, maxHashes);
        return new CapabilitiesRecord(did, w.seq(), new IpfsNode(w.ipfsEnabled(), type, gateway, addrs), index,
                new BandwidthLimit(w.uploadBytesPerSecond(), w.downloadBytesPerSecond()));
    }

    /**
     * Decodes a {@code SignedCapabilities} message received on a connection whose Noise handshake proved
     * {@code provenKey}, and accepts it only if the record's DID is that key's did:key and the signature verifies.
     *
     * @throws CapabilitiesRefusedException MALFORMED, OVERSIZED, NO_DID, DID_MISMATCH or BAD_SIGNATURE
     */
    public static SignedCapabilities open(byte[] envelope, PublicKey provenKey, long maxBits, int maxHashes)
            throws CapabilitiesRefusedException {
        Did expected;
        try {
            expected = Did.of(provenKey);
        } catch (IllegalArgumentException e) {
            throw new CapabilitiesRefusedException(Rejection.NO_DID, provenKey.type() + " keys have no did:key");
        }
        WireEnvelope e;
        CapabilitiesRecord record;
        try {
            e = CapabilitiesWire.decodeEnvelope(envelope);
            record = decodeRecord(e.record(), maxBits, maxHashes);
        } catch (CapabilitiesFormatException ex) {
            throw new CapabilitiesRefusedException(ex.oversized() ? Rejection.OVERSIZED : Rejection.MALFORMED,
                    ex.getMessage(), ex);
        }
        if (!record.did().equals(expected)) {
            throw new CapabilitiesRefusedException(Rejection.DID_MISMATCH,
                    "record claims " + record.did() + " but the connection proved " + expected);
        }
        if (!provenKey.verify(signingBytes(e.record()), e.signature())) {
            throw new CapabilitiesRefusedException(Rejection.BAD_SIGNATURE, "signature does not verify for " + expected);
        }
        return new SignedCapabilities(record, e.record(), e.signature());
    }
}
