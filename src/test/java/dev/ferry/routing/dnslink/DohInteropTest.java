package dev.ferry.routing.dnslink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.net.host.JsPeer;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** ferry's DNS-over-HTTPS client against a DoH server whose messages npm's dns-packet encodes and decodes. */
@Tag("interop")
@Timeout(60)
class DohInteropTest {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void txtRecordsComeOverHttpAsDnsPacketEncodesThem() throws Exception {
        try (JsPeer doh = new JsPeer("dns/doh-server.mjs", Map.of())) {
            DohTxtLookup lookup = new DohTxtLookup(URI.create(doh.address), T);
            doh.call("txt", Map.of("name", "_dnslink.site.example", "records",
                    List.of(List.of("dnslink=/ipfs/bafkqaaa"), List.of("other=", "joined", " text"))), T);
            assertThat(lookup.txt("_dnslink.site.example"))
                    .containsExactly("dnslink=/ipfs/bafkqaaa", "other=joined text");
            // a name of another case is the same name; an alias's records come through its CNAME
            assertThat(lookup.txt("_DNSLINK.Site.Example.")).containsExactly("dnslink=/ipfs/bafkqaaa",
                    "other=joined text");
            doh.call("cname", Map.of("name", "_dnslink.alias.example", "target", "_dnslink.site.example"), T);
            assertThat(lookup.txt("_dnslink.alias.example")).hasSize(2);
            // a name nobody has is no records; a server failure is an error
            assertThat(lookup.txt("_dnslink.nothing.example")).isEmpty();
            doh.call("rcode", Map.of("name", "_dnslink.broken.example", "rcode", 2), T);
            assertThatThrownBy(() -> lookup.txt("_dnslink.broken.example")).isInstanceOf(IOException.class)
                    .hasMessageContaining("error code 2");
            // long strings (a TXT string holds 255 bytes) and many records
            String cid = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
            doh.call("txt", Map.of("name", "_dnslink.many.example", "records", List.of(
                    List.of("dnslink=/ipfs/" + cid), List.of("x".repeat(255), "y".repeat(255)),
                    List.of("dnslink=/ipns/k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8"))), T);
            List<String> many = lookup.txt("_dnslink.many.example");
            assertThat(many).hasSize(3).contains("x".repeat(255) + "y".repeat(255));
            // DNSLink itself over DoH: the first valid record in sort order
            DnsLink dnsLink = new DnsLink(lookup, Clock.systemUTC());
            assertThat(dnsLink.resolve("many.example")).contains("/ipfs/" + cid);
            JsonNode asked = doh.call("queries", Map.of(), T).get("queries");
            assertThat(asked).allSatisfy(q -> {
                assertThat(q.get("type").asText()).isEqualTo("TXT");
                assertThat(q.get("id").asInt()).isZero(); // RFC 8484: ID 0, for HTTP caches
            });
        }
    }

    @Test
    void onlyHttpsOrLoopbackEndpoints() {
        assertThatThrownBy(() -> new DohTxtLookup(URI.create("http://dns.example/dns-query"), T))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https://");
        assertThatThrownBy(() -> new DohTxtLookup(URI.create("http://10.0.0.1/dns-query"), T))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DohTxtLookup(URI.create("ftp://127.0.0.1/"), T))
                .isInstanceOf(IllegalArgumentException.class);
        new DohTxtLookup(URI.create("https://dns.example/dns-query"), T);
        new DohTxtLookup(URI.create("http://127.0.0.1:8053/dns-query"), T);
        new DohTxtLookup(URI.create("http://[::1]:8053/dns-query"), T);
    }
}
