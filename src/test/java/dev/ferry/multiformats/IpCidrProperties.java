package dev.ferry.multiformats;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.InetAddress;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** CIDR matching of {@link IpCidr}, IPv4 and IPv6: inside a /n prefix matches, outside does not. */
class IpCidrProperties {
    @Provide
    Arbitrary<byte[]> ip4() {
        return Arbitraries.bytes().array(byte[].class).ofSize(4);
    }

    @Provide
    Arbitrary<byte[]> ip6() {
        return Arbitraries.bytes().array(byte[].class).ofSize(16);
    }

    @Provide
    Arbitrary<Integer> bits4() {
        return Arbitraries.integers().between(0, 32);
    }

    @Provide
    Arbitrary<Integer> bits6() {
        return Arbitraries.integers().between(0, 128);
    }

    @Property(tries = 500)
    void anIp4AddressInsideThePrefixMatches(@ForAll("ip4") byte[] network, @ForAll("ip4") byte[] host,
            @ForAll("bits4") int bits) throws Exception {
        insideMatches(network, host, bits, "ip4");
    }

    @Property(tries = 500)
    void anIp6AddressInsideThePrefixMatches(@ForAll("ip6") byte[] network, @ForAll("ip6") byte[] host,
            @ForAll("bits6") int bits) throws Exception {
        insideMatches(network, host, bits, "ip6");
    }

    @Property(tries = 500)
    void anIp4AddressOutsideThePrefixDoesNot(@ForAll("ip4") byte[] network, @ForAll("ip4") byte[] host,
            @ForAll("bits4") int bits) throws Exception {
        outsideDoesNot(network, host, Math.max(bits, 1), "ip4");
    }

    @Property(tries = 500)
    void anIp6AddressOutsideThePrefixDoesNot(@ForAll("ip6") byte[] network, @ForAll("ip6") byte[] host,
            @ForAll("bits6") int bits) throws Exception {
        outsideDoesNot(network, host, Math.max(bits, 1), "ip6");
    }

    /** Any address against any prefix: a match exactly when the leading bits agree (a BigInteger shift says). */
    @Property(tries = 1000)
    void matchingAgreesWithComparingTheLeadingBits(@ForAll("ip4") byte[] network, @ForAll("ip4") byte[] address,
            @ForAll("bits4") int bits) {
        IpCidr cidr = new IpCidr(network, bits);
        boolean same = new BigInteger(1, network).shiftRight(32 - bits)
                .equals(new BigInteger(1, address).shiftRight(32 - bits));
        assertThat(cidr.contains(address)).isEqualTo(same);
    }

    @Property(tries = 300)
    void theTextFormParsesBackToTheSamePrefix(@ForAll("ip6") byte[] network, @ForAll("bits6") int bits) {
        IpCidr cidr = new IpCidr(network, bits);
        assertThat(IpCidr.parse(cidr.toString())).isEqualTo(cidr);
        assertThat(IpCidr.parse(cidr.toString()).toString()).isEqualTo(cidr.toString());
    }

    /** {@code host}'s bits after the first {@code bits} with {@code network}'s before them. */
    private static byte[] inside(byte[] network, byte[] host, int bits) {
        byte[] out = host.clone();
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            out[i / 8] = (byte) ((out[i / 8] & ~mask) | (network[i / 8] & mask));
        }
        return out;
    }

    private static void insideMatches(byte[] network, byte[] host, int bits, String proto) throws Exception {
        IpCidr cidr = new IpCidr(network, bits);
        byte[] address = inside(network, host, bits);
        assertThat(cidr.contains(address)).isTrue();
        Multiaddr a = Multiaddr.parse("/" + proto + "/" + text(address) + "/tcp/4001");
        assertThat(cidr.matches(a)).as("%s in %s", a, cidr).isTrue();
    }

    private static void outsideDoesNot(byte[] network, byte[] host, int bits, String proto) throws Exception {
        IpCidr cidr = new IpCidr(network, bits);
        byte[] address = inside(network, host, bits);
        int flip = Math.floorMod(host[0] * 31 + host[host.length - 1], bits); // one bit of the prefix differs
        address[flip / 8] ^= (byte) (0x80 >>> (flip % 8));
        assertThat(cidr.contains(address)).isFalse();
        Multiaddr a = Multiaddr.parse("/" + proto + "/" + text(address) + "/tcp/4001");
        assertThat(cidr.matches(a)).as("%s outside %s", a, cidr).isFalse();
    }

    private static String text(byte[] address) throws Exception {
        if (address.length == 16) {
            // InetAddress would turn an IPv4-mapped address into an IPv4 one: write the eight groups out
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 16; i += 2) {
                sb.append(i == 0 ? "" : ":").append(Integer.toHexString(((address[i] & 0xff) << 8) | (address[i + 1] & 0xff)));
            }
            return sb.toString();
        }
        return InetAddress.getByAddress(address).getHostAddress();
    }
}
