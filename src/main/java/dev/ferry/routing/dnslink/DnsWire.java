package dev.ferry.routing.dnslink;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The DNS wire format (RFC 1035) for what DNS over HTTPS (RFC 8484) carries here: a TXT query for one name, and the
 * TXT records of its answer.
 *
 * <p>Queries have ID 0 (RFC 8484 asks for it, for HTTP caches) and recursion desired. An answer must be a response
 * with the query's ID, not truncated; NXDOMAIN is no records, any other error code a {@link DnsWireException}. Its
 * TXT records are those of the name asked or of a name a CNAME in the answer leads to; each record's
 * character-strings are joined (as Go's resolver joins them). Names may use compression pointers; a pointer loop,
 * a label over 63 bytes, a name over 255, a count that overruns the message, or a message over 65,535 bytes is
 * refused. Nothing is allocated beyond the message's own size.
 */
public final class DnsWire {
    static final int TYPE_TXT = 16;
    static final int TYPE_CNAME = 5;
    static final int CLASS_IN = 1;
    static final int MAX_MESSAGE = 65_535;
    private static final int MAX_NAME = 255;
    private static final int MAX_POINTERS = 64;

    private DnsWire() {}

    /** The query for {@code name}'s TXT records. */
    public static byte[] txtQuery(String name) throws DnsWireException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.writeBytes(new byte[] {0, 0, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0}); // ID 0, RD, one question
        writeName(out, name);
        out.writeBytes(new byte[] {0, TYPE_TXT, 0, CLASS_IN});
        return out.toByteArray();
    }

    private static void writeName(ByteArrayOutputStream out, String name) throws DnsWireException {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        int total = 1;
        if (!n.isEmpty()) {
            for (String label : n.split("\\.", -1)) {
                byte[] b = label.getBytes(StandardCharsets.UTF_8);
                if (b.length == 0 || b.length > 63) {
                    throw new DnsWireException("invalid DNS name " + name + ": labels are 1 to 63 bytes");
                }
                total += b.length + 1;
                out.write(b.length);
                out.writeBytes(b);
            }
        }
        if (total > MAX_NAME) {
            throw new DnsWireException("invalid DNS name " + name + ": longer than 255 bytes");
        }
        out.write(0);
    }

    /**
     * The TXT records for {@code name} in {@code message}, the answer to {@link #txtQuery}.
     *
     * @return empty for NXDOMAIN or an answer without TXT records for the name
     * @throws DnsWireException for a malformed message or a server error
     */
    public static List<String> txtAnswers(byte[] message, String name) throws DnsWireException {
        if (message.length > MAX_MESSAGE) {
            throw new DnsWireException("DNS message longer than 65535 bytes");
        }
        Reader r = new Reader(message);
        int id = r.u16();
        int flags = r.u16();
        int questions = r.u16();
        int answers = r.u16();
        r.u16(); // authority
        r.u16(); // additional
        if (id != 0) {
            throw new DnsWireException("DNS answer for another query (ID " + id + ")");
        }
        if ((flags & 0x8000) == 0) {
            throw new DnsWireException("DNS message is a query, not a response");
        }
        if ((flags & 0x0200) != 0) {
            throw new DnsWireException("DNS answer truncated");
        }
        int rcode = flags & 0x000F;
        if (rcode == 3) {
            return List.of(); // NXDOMAIN
        }
        if (rcode != 0) {
            throw new DnsWireException("DNS server answered with error code " + rcode);
        }
        for (int i = 0; i < questions; i++) {
            r.name();
            r.skip(4);
        }
        record Rr(String owner, int type, String cnameTarget, String text) {}
        List<Rr> records = new ArrayList<>();
        for (int i = 0; i < answers; i++) {
            String owner = r.name();
            int type = r.u16();
            int cls = r.u16();
            r.skip(4); // TTL
            int length = r.u16();
            int end = r.position() + length;
            r.require(length);
            if (cls == CLASS_IN && type == TYPE_CNAME) {
                records.add(new Rr(owner, type, r.name(), null));
            } else if (cls == CLASS_IN && type == TYPE_TXT) {
                ByteArrayOutputStream text = new ByteArrayOutputStream(length);
                while (r.position() < end) {
                    int n = r.u8();
                    if (r.position() + n > end) {
                        throw new DnsWireException("TXT string overruns its record");
                    }
                    text.writeBytes(r.bytes(n));
                }
                records.add(new Rr(owner, type, null, text.toString(StandardCharsets.UTF_8)));
            }
            if (r.position() > end) {
                throw new DnsWireException("DNS record overruns its length");
            }
            r.seek(end);
        }
        Set<String> names = new HashSet<>();
        names.add(canonical(name));
        for (int pass = 0; pass < records.size(); pass++) { // CNAME chains, in whatever order they come
            boolean grew = false;
            for (Rr rr : records) {
                if (rr.type == TYPE_CNAME && names.contains(canonical(rr.owner)) && names.add(canonical(rr.cnameTarget))) {
                    grew = true;
                }
            }
            if (!grew) {
                break;
            }
        }
        List<String> out = new ArrayList<>();
        for (Rr rr : records) {
            if (rr.type == TYPE_TXT && names.contains(canonical(rr.owner))) {
                out.add(rr.text);
            }
        }
        return out;
    }

    private static String canonical(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /** Reads a message with bounds checks; names follow compression pointers. */
    private static final class Reader {
        private final byte[] b;
        private int p;

        Reader(byte[] b) {
            this.b = b;
        }

        int position() {
            return p;
        }

        void seek(int to) {
            p = to;
        }

        void require(int n) throws DnsWireException {
            if (n < 0 || p + n > b.length) {
                throw new DnsWireException("DNS message truncated at byte " + p);
            }
        }

        int u8() throws DnsWireException {
            require(1);
            return b[p++] & 0xFF;
        }

        int u16() throws DnsWireException {
            require(2);
            int v = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
            p += 2;
            return v;
        }

        void skip(int n) throws DnsWireException {
            require(n);
            p += n;
        }

        byte[] bytes(int n) throws DnsWireException {
            require(n);
            byte[] out = java.util.Arrays.copyOfRange(b, p, p + n);
            p += n;
            return out;
        }

        /** A name at the current position; the position moves past it (past the first pointer, if any). */
        String name() throws DnsWireException {
            StringBuilder s = new StringBuilder();
            int at = p;
            int after = -1;
            int jumps = 0;
            int total = 1;
            while (true) {
                if (at >= b.length) {
                    throw new DnsWireException("DNS name runs past the message");
                }
                int len = b[at] & 0xFF;
                if ((len & 0xC0) == 0xC0) {
                    if (at + 1 >= b.length) {
                        throw new DnsWireException("DNS name pointer runs past the message");
                    }
                    if (++jumps > MAX_POINTERS) {
                        throw new DnsWireException("DNS name pointers loop");
                    }
                    if (after < 0) {
                        after = at + 2;
                    }
                    at = ((len & 0x3F) << 8) | (b[at + 1] & 0xFF);
                    continue;
                }
                if ((len & 0xC0) != 0) {
                    throw new DnsWireException("DNS label with reserved type bits");
                }
                if (len == 0) {
                    at++;
                    break;
                }
                total += len + 1;
                if (total > MAX_NAME) {
                    throw new DnsWireException("DNS name longer than 255 bytes");
                }
                if (at + 1 + len > b.length) {
                    throw new DnsWireException("DNS label runs past the message");
                }
                if (!s.isEmpty()) {
                    s.append('.');
                }
                s.append(new String(b, at + 1, len, StandardCharsets.UTF_8));
                at += 1 + len;
            }
            p = after >= 0 ? after : at;
            return s.toString();
        }
    }
}
