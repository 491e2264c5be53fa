package dev.ferry.multiformats;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A composable network address: text {@code (/name[/value])+}, binary {@code (varint code, value)+}. Immutable, value
 * semantics over the binary form. Every component is validated on construction, so {@link #toString()} and
 * {@link #bytes()} of any instance parse back to an equal instance. Only {@link #decapsulate} can yield the empty
 * multiaddr; {@link #parse} and {@link #decode} reject empty input.
 */
public final class Multiaddr {
    private final List<Component> components;
    private final byte[] bytes;
    private final int hash;

    private Multiaddr(List<Component> components) {
        this.components = List.copyOf(components);
        int size = 0;
        for (Component c : this.components) {
            size += c.encodedLength();
        }
        byte[] out = new byte[size];
        int o = 0;
        for (Component c : this.components) {
            o += c.writeTo(out, o);
        }
        this.bytes = out;
        this.hash = Arrays.hashCode(out);
    }

    /** A multiaddr from already validated components (may be empty). */
    public static Multiaddr of(List<Component> components) {
        return new Multiaddr(components);
    }

    /**
     * Parses the text form. Trailing slashes are ignored; {@code /ipfs/} is read as {@code /p2p/}; a path protocol
     * (unix) takes the rest of the string.
     *
     * @throws MultiformatException on an unknown protocol, a missing or malformed value, or empty input
     */
    public static Multiaddr parse(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '/') {
            end--;
        }
        String s = text.substring(0, end);
        if (s.isEmpty()) {
            throw new MultiformatException("empty multiaddr");
        }
        if (s.charAt(0) != '/') {
            throw new MultiformatException("multiaddr must start with '/': " + text);
        }
        String[] parts = s.substring(1).split("/", -1);
        List<Component> out = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String name = parts[i];
            MultiaddrProtocol p = MultiaddrProtocol.byName(name)
                .orElseThrow(() -> new MultiformatException("unknown multiaddr protocol '" + name + "'"));
            if (!p.hasValue()) {
                out.add(new Component(p, new byte[0]));
                continue;
            }
            if (i + 1 >= parts.length) {
                throw new MultiformatException("/" + name + " needs a value");
            }
            String value;
            if (p.isPath()) {
                value = "/" + String.join("/", Arrays.asList(parts).subList(i + 1, parts.length));
                i = parts.length;
            } else {
                value = parts[++i];
            }
            out.add(new Component(p, MultiaddrValues.parse(p, value)));
        }
        return new Multiaddr(out);
    }

    /**
     * Decodes the binary form; every length prefix is checked against {@link MultiaddrProtocol#MAX_VALUE_LENGTH}
     * before anything is allocated.
     *
     * @throws MultiformatException on an unknown code, a truncated or invalid value, or empty input
     */
    public static Multiaddr decode(byte[] bytes) {
        if (bytes.length == 0) {
            throw new MultiformatException("empty multiaddr");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        List<Component> out = new ArrayList<>();
        while (buf.hasRemaining()) {
            long code = Varint.decode(buf);
            MultiaddrProtocol p = MultiaddrProtocol.byCode(code)
                .orElseThrow(() -> new MultiformatException("unknown multiaddr protocol code " + code));
            int len;
            if (p.sizeBits() >= 0) {
                len = p.sizeBits() / 8;
            } else {
                long declared = Varint.decode(buf);
                if (declared > MultiaddrProtocol.MAX_VALUE_LENGTH) {
                    throw new MultiformatException("/" + p.protocolName() + " value too long: " + declared);
                }
                len = (int) declared;
            }
            if (len > buf.remaining()) {
                throw new MultiformatException("truncated /" + p.protocolName() + " value");
            }
            byte[] value = new byte[len];
            buf.get(value);
            out.add(new Component(p, value));
        }
        return new Multiaddr(out);
    }

    /** A copy of the binary form. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public List<Component> components() {
        return components;
    }

    public boolean isEmpty() {
        return components.isEmpty();
    }

    /** This address followed by {@code inner}. */
    public Multiaddr encapsulate(Multiaddr inner) {
        List<Component> all = new ArrayList<>(components);
        all.addAll(inner.components);
        return new Multiaddr(all);
    }

    public Multiaddr encapsulate(String inner) {
        return encapsulate(parse(inner));
    }

    /**
     * Drops the last occurrence of the protocol and everything after it; unchanged if the protocol does not occur.
     *
     * @throws MultiformatException for an unknown protocol name
     */
    public Multiaddr decapsulate(String protocolName) {
        MultiaddrProtocol p = protocol(protocolName);
        for (int i = components.size() - 1; i >= 0; i--) {
            if (components.get(i).protocol() == p) {
                return new Multiaddr(components.subList(0, i));
            }
        }
        return this;
    }

    /**
     * The text value of the first occurrence of the protocol (empty string for a protocol without value).
     *
     * @throws MultiformatException for an unknown protocol name
     */
    public Optional<String> valueOf(String protocolName) {
        MultiaddrProtocol p = protocol(protocolName);
        for (Component c : components) {
            if (c.protocol() == p) {
                return Optional.of(c.valueString());
            }
        }
        return Optional.empty();
    }

    /**
     * The text value of the last occurrence of the protocol: the peer of {@code …/p2p/RELAY/p2p-circuit/p2p/PEER} is
     * the last /p2p.
     *
     * @throws MultiformatException for an unknown protocol name
     */
    public Optional<String> lastValueOf(String protocolName) {
        MultiaddrProtocol p = protocol(protocolName);
        for (int i = components.size() - 1; i >= 0; i--) {
            if (components.get(i).protocol() == p) {
                return Optional.of(components.get(i).valueString());
            }
        }
        return Optional.empty();
    }

    /** This address less a trailing {@code /p2p/<peer id>}; one inside it (a circuit's relay) stays. */
    public Multiaddr withoutPeerId() {
        if (!components.isEmpty() && components.getLast().protocol() == MultiaddrProtocol.P2P) {
            return new Multiaddr(components.subList(0, components.size() - 1));
        }
        return this;
    }

    /** Whether the protocol occurs anywhere in this address. */
    public boolean has(MultiaddrProtocol protocol) {
        return components.stream().anyMatch(c -> c.protocol() == protocol);
    }

    private static MultiaddrProtocol protocol(String name) {
        return MultiaddrProtocol.byName(name)
            .orElseThrow(() -> new MultiformatException("unknown multiaddr protocol '" + name + "'"));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Component c : components) {
            sb.append(c);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof Multiaddr m && m.hash == hash && Arrays.equals(m.bytes, bytes));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /**
     * One {@code (protocol, value)} pair. The value is the binary form without length prefix; it is copied in and
     * out, and validated against the protocol on construction.
     */
    public record Component(MultiaddrProtocol protocol, byte[] value) {
        /**
         * @throws MultiformatException if the value is not valid for the protocol
         */
        public Component {
            Objects.requireNonNull(protocol, "protocol");
            value = value.clone();
            MultiaddrValues.validate(protocol, value);
        }

        /** Parses a component from its protocol name and text value (ignored for protocols without value). */
        public static Component of(String protocolName, String valueText) {
            MultiaddrProtocol p = Multiaddr.protocol(protocolName);
            return new Component(p, p.hasValue() ? MultiaddrValues.parse(p, valueText) : new byte[0]);
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        /** The value in text form ("" for protocols without value). */
        public String valueString() {
            return MultiaddrValues.format(protocol, value);
        }

        int encodedLength() {
            int n = Varint.size(protocol.code()) + value.length;
            return protocol.sizeBits() < 0 ? n + Varint.size(value.length) : n;
        }

        int writeTo(byte[] dst, int off) {
            int o = off + Varint.write(protocol.code(), dst, off);
            if (protocol.sizeBits() < 0) {
                o += Varint.write(value.length, dst, o);
            }
            System.arraycopy(value, 0, dst, o, value.length);
            return o + value.length - off;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Component c && c.protocol == protocol && Arrays.equals(c.value, value);
        }

        @Override
        public int hashCode() {
            return protocol.hashCode() * 31 + Arrays.hashCode(value);
        }

        /** The text form: {@code /name} then {@code /value} (a unix path already starts with '/'). */
        @Override
        public String toString() {
            if (!protocol.hasValue()) {
                return "/" + protocol.protocolName();
            }
            String v = valueString();
            return "/" + protocol.protocolName() + (protocol.isPath() ? "" : "/") + v;
        }
    }
}
