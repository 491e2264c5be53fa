package dev.ferry.multiformats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class MultiaddrProperties {
    @Property(tries = 500)
    void binaryRoundTrip(@ForAll("multiaddrs") Multiaddr m) {
        Multiaddr back = Multiaddr.decode(m.bytes());
        assertThat(back).isEqualTo(m).hasSameHashCodeAs(m);
        assertThat(back.components()).isEqualTo(m.components());
    }

    @Property(tries = 500)
    void textRoundTrip(@ForAll("multiaddrs") Multiaddr m) {
        String text = m.toString();
        Multiaddr back = Multiaddr.parse(text);
        assertThat(back).isEqualTo(m);
        assertThat(back.toString()).isEqualTo(text);
        assertThat(Multiaddr.parse(text + "/")).isEqualTo(m);
    }

    @Property(tries = 300)
    void componentsPrintAndParseOneByOne(@ForAll("multiaddrs") Multiaddr m) {
        for (Multiaddr.Component c : m.components()) {
            Multiaddr.Component again = Multiaddr.Component.of(c.protocol().protocolName(), c.valueString());
            assertThat(again).isEqualTo(c);
            assertThat(m.valueOf(c.protocol().protocolName())).isPresent();
        }
    }

    @Property(tries = 300)
    void encapsulateThenDecapsulate(@ForAll("multiaddrs") Multiaddr outer, @ForAll("multiaddrs") Multiaddr inner) {
        if (outer.has(MultiaddrProtocol.UNIX)) {
            return; // a path takes the rest of the text, so nothing may follow it
        }
        Multiaddr both = outer.encapsulate(inner);
        assertThat(both.components()).hasSize(outer.components().size() + inner.components().size());
        assertThat(Multiaddr.decode(both.bytes())).isEqualTo(both);
        MultiaddrProtocol first = inner.components().get(0).protocol();
        if (!inner.components().subList(1, inner.components().size()).stream().anyMatch(c -> c.protocol() == first)) {
            assertThat(both.decapsulate(first.protocolName())).isEqualTo(outer);
        }
    }

    @Property
    void arbitraryBytes(@ForAll @Size(max = 60) byte[] bytes) {
        Optional<Multiaddr> m = Decoding.attempt(() -> Multiaddr.decode(bytes));
        m.ifPresent(a -> assertThat(a.bytes()).isEqualTo(bytes));
    }

    @Property(tries = 500)
    void mutatedBinary(@ForAll("multiaddrs") Multiaddr m, @ForAll int index, @ForAll byte replacement) {
        byte[] bytes = m.bytes();
        bytes[Math.floorMod(index, bytes.length)] = replacement;
        Decoding.attempt(() -> Multiaddr.decode(bytes)).ifPresent(a -> assertThat(a.bytes()).isEqualTo(bytes));
    }

    @Property(tries = 500)
    void truncatedBinary(@ForAll("multiaddrs") Multiaddr m, @ForAll int cut) {
        byte[] bytes = m.bytes();
        byte[] prefix = java.util.Arrays.copyOf(bytes, Math.floorMod(cut, bytes.length));
        Decoding.attempt(() -> Multiaddr.decode(prefix)).ifPresent(a -> assertThat(a.bytes()).isEqualTo(prefix));
    }

    @Property
    void arbitraryText(@ForAll("multiaddrLikeText") String text) {
        Decoding.attempt(() -> Multiaddr.parse(text)).ifPresent(m -> assertThat(Multiaddr.parse(m.toString())).isEqualTo(m));
    }

    @Property
    void arbitraryUnicodeText(@ForAll @Size(max = 60) String text) {
        Decoding.attempt(() -> Multiaddr.parse(text));
        Decoding.attempt(() -> Multiaddr.parse("/" + text));
    }

    @Property(tries = 500)
    void mutatedText(@ForAll("multiaddrs") Multiaddr m, @ForAll int index, @ForAll char replacement) {
        char[] chars = m.toString().toCharArray();
        chars[Math.floorMod(index, chars.length)] = replacement;
        Decoding.attempt(() -> Multiaddr.parse(new String(chars)))
            .ifPresent(a -> assertThat(Multiaddr.parse(a.toString())).isEqualTo(a));
    }

    /** A length prefix beyond the cap fails on the prefix alone, without allocating it. */
    @Property
    void hugeDeclaredLength(@ForAll("variableProtocols") MultiaddrProtocol p,
                            @ForAll @LongRange(min = MultiaddrProtocol.MAX_VALUE_LENGTH + 1, max = Long.MAX_VALUE) long len,
                            @ForAll @Size(max = 100) byte[] tail) {
        byte[] code = Varint.encode(p.code());
        byte[] head = Varint.encode(len);
        byte[] bytes = new byte[code.length + head.length + tail.length];
        System.arraycopy(code, 0, bytes, 0, code.length);
        System.arraycopy(head, 0, bytes, code.length, head.length);
        System.arraycopy(tail, 0, bytes, code.length + head.length, tail.length);
        assertThat(Decoding.attempt(() -> Multiaddr.decode(bytes))).isEmpty();
    }

    @Provide
    Arbitrary<MultiaddrProtocol> variableProtocols() {
        return Arbitraries.of(MultiaddrProtocol.class).filter(p -> p.sizeBits() == MultiaddrProtocol.VARIABLE);
    }

    @Provide
    Arbitrary<String> multiaddrLikeText() {
        List<String> tokens = new ArrayList<>();
        for (MultiaddrProtocol p : MultiaddrProtocol.values()) {
            tokens.add(p.protocolName());
        }
        tokens.addAll(List.of("ipfs", "", "1.2.3.4", "::1", "::ffff:1.2.3.4", "80", "65536", "0", "example.com",
            "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N", "bafkqaaa", "aaimaq4ygg2iegci:80", "uEiA", "x"));
        Arbitrary<String> token = Arbitraries.oneOf(Arbitraries.of(tokens),
            Arbitraries.strings().withChars("0123456789abcdef:.%/-_=".toCharArray()).ofMaxLength(12));
        return token.list().ofMaxSize(8).map(l -> "/" + String.join("/", l));
    }

    @Provide
    Arbitrary<Multiaddr> multiaddrs() {
        Arbitrary<Multiaddr.Component> anyButPath = Arbitraries.of(MultiaddrProtocol.class)
            .filter(p -> !p.isPath())
            .flatMap(MultiaddrProperties::component);
        Arbitrary<List<Multiaddr.Component>> body = anyButPath.list().ofMinSize(1).ofMaxSize(5);
        Arbitrary<Optional<Multiaddr.Component>> path = Arbitraries.oneOf(
            Arbitraries.just(Optional.<Multiaddr.Component>empty()),
            component(MultiaddrProtocol.UNIX).map(Optional::of));
        return Combinators.combine(body, path).as((b, p) -> {
            List<Multiaddr.Component> all = new ArrayList<>(b);
            p.ifPresent(all::add);
            return Multiaddr.of(all);
        });
    }

    private static Arbitrary<Multiaddr.Component> component(MultiaddrProtocol p) {
        Arbitrary<byte[]> value = switch (p.kind()) {
            case NONE -> Arbitraries.just(new byte[0]);
            case IP4, PORT, BYTE -> Arbitraries.bytes().array(byte[].class).ofSize(p.sizeBits() / 8);
            case IP6 -> ip6();
            case TEXT -> text().map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            case PATH -> text().list().ofMinSize(1).ofMaxSize(4)
                .map(parts -> ("/" + String.join("/", parts)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            case MULTIHASH, CERTHASH -> Generators.multihashes().map(Multihash::bytes);
            case ONION -> Combinators.combine(
                    Arbitraries.bytes().array(byte[].class).ofSize(p.sizeBits() / 8 - 2),
                    Arbitraries.integers().between(1, 65535))
                .as((host, port) -> {
                    byte[] out = java.util.Arrays.copyOf(host, host.length + 2);
                    out[host.length] = (byte) (port >>> 8);
                    out[host.length + 1] = (byte) (int) port;
                    return out;
                });
            case GARLIC64 -> Arbitraries.bytes().array(byte[].class).ofMinSize(386).ofMaxSize(400);
            case GARLIC32 -> Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofSize(32),
                Arbitraries.bytes().array(byte[].class).ofMinSize(35).ofMaxSize(60));
        };
        return value.map(v -> new Multiaddr.Component(p, v));
    }

    // zero groups are likely, so "::" compression gets exercised
    private static Arbitrary<byte[]> ip6() {
        return Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 0xFFFF))
            .list().ofSize(8)
            .map(groups -> {
                byte[] out = new byte[16];
                for (int i = 0; i < 8; i++) {
                    out[2 * i] = (byte) (groups.get(i) >>> 8);
                    out[2 * i + 1] = (byte) (int) groups.get(i);
                }
                return out;
            });
    }

    private static Arbitrary<String> text() {
        return Arbitraries.strings()
            .withChars("abcxyz0123456789.-_:%".toCharArray())
            .withChars('\u00e9', '\u4e2d')
            .ofMinLength(1).ofMaxLength(20);
    }
}
