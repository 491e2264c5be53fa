package dev.ferry.routing.dnslink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.testing.TestDnsServer;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** DNSLink over real DNS queries to a test server on 127.0.0.1. */
@Timeout(30)
class DnsLinkTest {
    private static final String CID = "bafkqaddwgevxmmraojswg33smq";

    @Test
    void aDomainsRecordIsFoundPickedAndCached() throws Exception {
        try (TestDnsServer dns = new TestDnsServer()) {
            dns.setTxt("_dnslink.example.com", List.of("v=spf1 -all", "dnslink=/ipfs/" + CID + "/site"));
            dns.setTxt("_dnslink.two.example.com", List.of("dnslink=/ipns/k51b", "dnslink=/ipfs/" + CID, "dnslink=bad"));
            String longPath = "/ipfs/" + CID + "/" + "x".repeat(400);
            dns.setTxt("_dnslink.long.example.com", List.of("dnslink=" + longPath));
            dns.setTxt("_dnslink.none.example.com", List.of("something else"));
            DnsLink d = new DnsLink(new JndiTxtLookup(List.of(dns.address()), 1000), Clock.systemUTC());
            assertThat(d.resolve("example.com")).contains("/ipfs/" + CID + "/site");
            assertThat(d.resolve("two.example.com")).contains("/ipfs/" + CID); // sorts before /ipns/
            assertThat(d.resolve("long.example.com")).contains(longPath); // character-strings joined
            assertThat(d.resolve("none.example.com")).isEmpty();
            assertThat(d.resolve("missing.example.com")).isEmpty(); // NXDOMAIN
            int asked = dns.queries();
            assertThat(d.resolve("Example.COM.")).contains("/ipfs/" + CID + "/site");
            assertThat(dns.queries()).isEqualTo(asked); // cached
            assertThatThrownBy(() -> d.resolve("not a domain")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aSilentServerIsAnIoError() throws Exception {
        TestDnsServer gone = new TestDnsServer();
        String address = gone.address();
        gone.close();
        DnsLink d = new DnsLink(new JndiTxtLookup(List.of(address), 200), Clock.systemUTC());
        assertThatThrownBy(() -> d.resolve("example.com")).isInstanceOf(IOException.class);
    }

    @Test
    void domainsAndRecordsAreCheckedStrictly() {
        assertThat(DnsLink.isDomain("docs.ipfs.tech")).isTrue();
        assertThat(DnsLink.isDomain("en.wikipedia-on-ipfs.org")).isTrue();
        assertThat(DnsLink.isDomain("localhost")).isFalse();
        assertThat(DnsLink.isDomain("k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8")).isFalse();
        assertThat(DnsLink.isDomain("-bad.example.com")).isFalse();
        assertThat(DnsLink.isDomain("a..b")).isFalse();
        assertThat(DnsLink.pick(List.of("dnslink=/ipfs/", "dnslink=/foo/bar", "dnslink=ipfs/x"))).isEmpty();
        assertThat(JndiTxtLookup.unquote("\"dnslink=/ipfs/a\" \"bc\"")).isEqualTo("dnslink=/ipfs/abc");
        assertThat(JndiTxtLookup.unquote("dnslink=/ipfs/abc")).isEqualTo("dnslink=/ipfs/abc");
    }
}
