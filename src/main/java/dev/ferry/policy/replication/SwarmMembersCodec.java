package dev.ferry.policy.replication;

import dev.ferry.exchange.ferry.PeerDids;
import dev.ferry.identity.Did;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.Varint;
import dev.ferry.policy.replication.wire.MemberRecord;
import dev.ferry.store.ChecksummedTable;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The swarm members file, all integers big-endian:
 * <pre>
 *   "FERRYSWM"                 8 bytes magic
 *   version                    1 byte: 1
 *   count                      4 bytes, number of entries, at most {@value ReplicationConfig#MAX_MAX_MEMBERS}
 *   count × entry:
 *     peer length              unsigned varint, 1..{@value #MAX_PEER_BYTES}
 *     peer                     the binary peer ID (an identity multihash: its key is inlined)
 *     did length               unsigned varint, 1..{@value Did#MAX_TEXT_LENGTH}
 *     did                      its did:key, ASCII: the peer's own key
 *     heard at                 8 bytes, unix ms
 *     address count            1 byte, 0..{@value MemberRecord#MAX_ADDRESSES}
 *     count × address:
 *       length                 unsigned varint, 1..{@value MemberRecord#MAX_ADDRESS_BYTES}
 *       address                the binary multiaddr, without /p2p
 *   crc32c                     4 bytes, CRC-32C of every byte before it
 * </pre>
 * Entries are sorted by peer bytes, addresses kept in their record's order: one encoding per table. The decoder is
 * strict and bounded: the size and checksum first, then every count and length against what is left before anything
 * is allocated; entries out of order (duplicates included), a peer, DID or address that does not parse or is not in
 * its canonical form, a DID that is not the peer's own key, addresses a member record could not hold, trailing bytes
 * are errors. It throws only {@link CorruptSwarmMembersException}.
 */
final class SwarmMembersCodec {
    static final byte[] MAGIC = "FERRYSWM".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    /** An identity multihash of the longest inlined key: members are peers whose ID holds their key. */
    static final int MAX_PEER_BYTES = 2 + PeerId.MAX_INLINE_KEY_LENGTH;
    /** Above 1,024 entries of the longest fields; bigger files are refused unread. */
    static final int MAX_FILE_SIZE = 8 << 20;
    private static final int HEADER = MAGIC.length + 1 + 4;
    /** The shortest entry a decoder could accept: two 1-byte lengths and their bytes, a long, no address. */
    private static final int MIN_ENTRY = 1 + 1 + 1 + 1 + 8 + 1;

    /** Ascending unsigned peer bytes. */
    static final Comparator<StoredMember> ORDER = (a, b) -> Arrays.compareUnsigned(a.peer().bytes(), b.peer().bytes());

    private SwarmMembersCodec() {}

    static byte[] encode(Collection<StoredMember> members) {
        List<StoredMember> sorted = new ArrayList<>(members);
        sorted.sort(ORDER);
        ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER + ChecksummedTable.TRAILER + sorted.size() * 160);
        out.writeBytes(MAGIC);
        out.write(VERSION);
        out.writeBytes(ByteBuffer.allocate(4).putInt(sorted.size()).array());
        for (StoredMember m : sorted) {
            writeField(out, m.peer().bytes());
            writeField(out, m.did().toString().getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(ByteBuffer.allocate(8).putLong(m.heardAtMillis()).array());
            out.write(m.addresses().size());
            for (Multiaddr a : m.addresses()) {
                writeField(out, a.bytes());
            }
        }
        return ChecksummedTable.seal(out.toByteArray());
    }

    private static void writeField(ByteArrayOutputStream out, byte[] field) {
        out.writeBytes(Varint.encode(field.length));
        out.writeBytes(field);
    }

    static List<StoredMember> decode(byte[] file) {
        ByteBuffer buf = ChecksummedTable.open(file, MAGIC, VERSION, 4, MAX_FILE_SIZE, "swarm members table",
                CorruptSwarmMembersException::new);
        long count = buf.getInt() & 0xffffffffL;
        if (count > ReplicationConfig.MAX_MAX_MEMBERS || count > buf.remaining() / MIN_ENTRY) {
            throw new CorruptSwarmMembersException("swarm members count " + count + " out of range for "
                    + buf.remaining() + " bytes");
        }
        List<StoredMember> out = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            StoredMember m = entry(buf, i);
            if (!out.isEmpty() && ORDER.compare(out.getLast(), m) >= 0) {
                throw new CorruptSwarmMembersException("swarm members entry " + i + " out of order or repeated");
            }
            out.add(m);
        }
        if (buf.hasRemaining()) {
            throw new CorruptSwarmMembersException(buf.remaining()
                    + " trailing bytes after the swarm members entries");
        }
        return out;
    }

    private static StoredMember entry(ByteBuffer buf, int i) {
        byte[] peerBytes = field(buf, i, "peer", MAX_PEER_BYTES);
        byte[] didBytes = field(buf, i, "did", Did.MAX_TEXT_LENGTH);
        if (buf.remaining() < 8 + 1) {
            throw new CorruptSwarmMembersException("swarm members entry " + i + " truncated");
        }
        long heardAt = buf.getLong();
        int addressCount = buf.get() & 0xff;
        if (addressCount > MemberRecord.MAX_ADDRESSES) {
            throw new CorruptSwarmMembersException("swarm members entry " + i + ": " + addressCount
                    + " addresses, more than a record holds");
        }
        List<byte[]> addressBytes = new ArrayList<>(addressCount);
        for (int j = 0; j < addressCount; j++) {
            addressBytes.add(field(buf, i, "address", MemberRecord.MAX_ADDRESS_BYTES));
        }
        try {
            PeerId peer = PeerId.fromBytes(peerBytes);
            String didText = new String(didBytes, StandardCharsets.US_ASCII);
            Did did = Did.parse(didText);
            if (!Arrays.equals(peer.bytes(), peerBytes) || !did.toString().equals(didText)) {
                throw new CorruptSwarmMembersException("swarm members entry " + i + ": not in canonical form");
            }
            if (!PeerDids.didOf(peer).equals(Optional.of(did))) {
                // the trust checked by DID must be the trust of the peer dialled
                throw new CorruptSwarmMembersException("swarm members entry " + i + ": " + did + " is not the key of "
                        + peer);
            }
            List<Multiaddr> addresses = new ArrayList<>(addressCount);
            for (byte[] a : addressBytes) {
                Multiaddr ma = Multiaddr.decode(a);
                if (!Arrays.equals(ma.bytes(), a)) {
                    throw new CorruptSwarmMembersException("swarm members entry " + i
                            + ": an address not in canonical form");
                }
                addresses.add(ma);
            }
            return new StoredMember(peer, did, new MemberRecord(addresses).addresses(), heardAt);
        } catch (CorruptSwarmMembersException e) {
            throw e;
        } catch (RuntimeException e) { // a bad peer, DID or address: whatever the parsers throw
            throw new CorruptSwarmMembersException("swarm members entry " + i + ": " + e.getMessage());
        }
    }

    private static byte[] field(ByteBuffer buf, int entry, String what, int max) {
        long length;
        try {
            length = Varint.decode(buf);
        } catch (IllegalArgumentException | BufferUnderflowException e) {
            throw new CorruptSwarmMembersException("swarm members entry " + entry + ": bad " + what + " length");
        }
        if (length < 1 || length > max || length > buf.remaining()) {
            throw new CorruptSwarmMembersException("swarm members entry " + entry + ": " + what + " length " + length
                    + " out of range");
        }
        byte[] b = new byte[(int) length];
        buf.get(b);
        return b;
    }
}
