package dev.ferry.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.http.HttpAccess;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.Node;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.routing.ipns.IpnsName;
import dev.ferry.routing.ipns.IpnsRecord;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** /ipns/ on the gateway, wired to a node's name system as the daemon wires it. */
@Timeout(60)
class GatewayIpnsTest {
    @TempDir
    Path tmp;

    private static HttpResponse<byte[]> get(GatewayServer gw, String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.address().getPort() + path));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A GET with the given Host header (which the JDK's client will not set), the whole response as text. */
    private static String rawGet(GatewayServer gw, String host, String path) throws Exception {
        try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), gw.address().getPort())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aRecordIsCachedForItsTtlButNotPastItsValidity() {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        byte[] b = {1};
        assertThat(new GatewayNames.NameRecord(b, Duration.ofMinutes(5), now.plusSeconds(3600)).maxAge(now))
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(new GatewayNames.NameRecord(b, Duration.ofHours(5), now.plusSeconds(42)).maxAge(now))
                .isEqualTo(Duration.ofSeconds(42));
        assertThat(new GatewayNames.NameRecord(b, Duration.ofHours(5), now.minusSeconds(1)).maxAge(now))
                .isEqualTo(Duration.ZERO);
    }

    @Test
    @org.junit.jupiter.api.Tag("interop")
    void theIpnsPackageValidatesTheServedRecord() throws Exception {
        Path repo = tmp.resolve("repo-interop");
        Repo.init(repo, new SecureRandom());
        Repo.updateConfig(repo, c -> {
            c.set("Routing.Type", RepoConfig.parseValue("none", false));
            c.set("Pubsub.Enabled", RepoConfig.parseValue("false", true));
            c.set("Addresses.Swarm", RepoConfig.parseValue("[\"/ip4/127.0.0.1/tcp/0\"]", true));
        });
        try (Node node = Node.start(Repo.open(repo))) {
            Cid root = new UnixfsImporter(node.repo().blocks(), ImportOptions.kuboDefaults())
                    .importStream(new java.io.ByteArrayInputStream("named".getBytes(StandardCharsets.UTF_8)), "n").cid();
            IpnsName name = new IpnsName(node.identity().peerId());
            node.names().publish("self", "/ipfs/" + root, Duration.ofHours(1), Duration.ofSeconds(75), true);
            try (GatewayServer gw = GatewayServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    node.cachingFetcher(), GatewayConfig.defaults(), HttpAccess.loopbackOnly(),
                    new NameSystemNames(node.names()), null)) {
                String json = dev.ferry.testing.NodeJs.run(Duration.ofSeconds(60), new byte[0],
                        "gateway/ipns-record.mjs", "http://127.0.0.1:" + gw.address().getPort(), name.toString());
                com.fasterxml.jackson.databind.JsonNode out = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(json);
                assertThat(out.get("status").asInt()).isEqualTo(200);
                assertThat(out.get("contentType").asText()).isEqualTo("application/vnd.ipfs.ipns-record");
                assertThat(out.get("cacheControl").asText()).isEqualTo("public, max-age=75");
                assertThat(out.get("value").asText()).isEqualTo("/ipfs/" + root);
                assertThat(out.get("ttl").asText()).isEqualTo(Long.toString(Duration.ofSeconds(75).toNanos()));
            }
        }
    }

    @Test
    void namesResolveToContentAndTheirRecordsAreServed() throws Exception {
        Path repo = tmp.resolve("repo");
        Repo.init(repo, new SecureRandom());
        dev.ferry.testing.TestDnsServer dns = new dev.ferry.testing.TestDnsServer();
        Repo.updateConfig(repo, c -> {
            c.set("DNS.Resolvers", RepoConfig.parseValue("{\".\": \"dns://" + dns.address() + "\"}", true));
            c.set("Routing.Type", RepoConfig.parseValue("none", false));
            c.set("Pubsub.Enabled", RepoConfig.parseValue("false", true));
            c.set("Addresses.Swarm", RepoConfig.parseValue("[\"/ip4/127.0.0.1/tcp/0\"]", true));
        });
        Path site = tmp.resolve("site");
        Files.createDirectories(site.resolve("docs"));
        Files.writeString(site.resolve("docs/a b.txt"), "hello over ipns");
        try (dns; Node node = Node.start(Repo.open(repo))) {
            Cid root = new UnixfsImporter(node.repo().blocks(), ImportOptions.kuboDefaults()).importPath(site).cid();
            IpnsName name = new IpnsName(node.identity().peerId());
            node.names().publish("self", "/ipfs/" + root + "/docs", Duration.ofHours(1), Duration.ofSeconds(90),
                    true);
            try (GatewayServer gw = GatewayServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    node.cachingFetcher(), GatewayConfig.defaults(), HttpAccess.loopbackOnly(),
                    new NameSystemNames(node.names()), null)) {
                HttpResponse<byte[]> file = get(gw, "/ipns/" + name + "/a%20b.txt", null);
                assertThat(file.statusCode()).isEqualTo(200);
                assertThat(new String(file.body(), StandardCharsets.UTF_8)).isEqualTo("hello over ipns");
                assertThat(file.headers().firstValue("Cache-Control")).contains("public, max-age=90");
                assertThat(file.headers().firstValue("X-Ipfs-Path")).contains("/ipns/" + name + "/a%20b.txt");
                // the peer ID form of the name works too, and a directory redirects under /ipns/
                HttpResponse<byte[]> dir = get(gw, "/ipns/" + node.identity().peerId(), null);
                assertThat(dir.statusCode()).isEqualTo(301);
                assertThat(dir.headers().firstValue("Location")).contains("/ipns/" + node.identity().peerId() + "/");
                // a trustless CAR of the path
                HttpResponse<byte[]> car = get(gw, "/ipns/" + name + "/a%20b.txt", "application/vnd.ipld.car");
                assertThat(car.statusCode()).isEqualTo(200);
                assertThat(car.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/vnd.ipld.car");
                // the record itself, by query and by Accept
                for (HttpResponse<byte[]> rec : java.util.List.of(get(gw, "/ipns/" + name + "?format=ipns-record", null),
                        get(gw, "/ipns/" + name, "application/vnd.ipfs.ipns-record"))) {
                    assertThat(rec.statusCode()).isEqualTo(200);
                    assertThat(rec.headers().firstValue("Content-Type")).contains("application/vnd.ipfs.ipns-record");
                    IpnsRecord r = IpnsRecord.verify(name, rec.body(), Instant.now());
                    assertThat(r.path()).isEqualTo("/ipfs/" + root + "/docs");
                    assertThat(rec.headers().firstValue("Cache-Control")).contains("public, max-age=90");
                    assertThat(rec.headers().firstValue("Content-Disposition"))
                            .contains("attachment; filename=\"" + name + ".ipns-record\"");
                    assertThat(rec.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
                }
                HttpResponse<byte[]> rec = get(gw, "/ipns/" + name + "?format=ipns-record", null);
                String etag = rec.headers().firstValue("Etag").orElseThrow();
                assertThat(etag).matches("\"[0-9a-f]{16}\"");
                HttpResponse<byte[]> notModified = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gw.address().getPort() + "/ipns/" + name
                                + "?format=ipns-record")).header("If-None-Match", etag).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(notModified.statusCode()).isEqualTo(304);
                assertThat(notModified.body()).isEmpty();
                HttpResponse<byte[]> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gw.address().getPort() + "/ipns/" + name
                                + "?format=ipns-record&filename=mine.bin"))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(head.statusCode()).isEqualTo(200);
                assertThat(head.body()).isEmpty();
                assertThat(head.headers().firstValue("Content-Length")).contains(Integer.toString(rec.body().length));
                assertThat(head.headers().firstValue("Content-Disposition"))
                        .contains("attachment; filename=\"mine.bin\"");
                // a newer record is another entity; a TTL longer than the validity is cut to it
                node.names().publish("self", "/ipfs/" + root, Duration.ofSeconds(30), Duration.ofHours(2), true);
                HttpResponse<byte[]> newer = get(gw, "/ipns/" + name + "?format=ipns-record", null);
                assertThat(newer.headers().firstValue("Etag")).isPresent().get().isNotEqualTo(etag);
                long maxAge = Long.parseLong(newer.headers().firstValue("Cache-Control").orElseThrow()
                        .replace("public, max-age=", ""));
                assertThat(maxAge).isBetween(1L, 30L);
                node.names().publish("self", "/ipfs/" + root + "/docs", Duration.ofHours(1), Duration.ofSeconds(90),
                        true);
                // a DNSLink domain that points to the name
                dns.setTxt("_dnslink.docs.example.com", java.util.List.of("dnslink=/ipns/" + name));
                HttpResponse<byte[]> viaDns = get(gw, "/ipns/docs.example.com/a%20b.txt", null);
                assertThat(viaDns.statusCode()).isEqualTo(200);
                assertThat(new String(viaDns.body(), StandardCharsets.UTF_8)).isEqualTo("hello over ipns");
                assertThat(viaDns.headers().firstValue("Cache-Control")).contains("public, max-age=60");
                assertThat(viaDns.headers().firstValue("X-Ipfs-Path")).contains("/ipns/docs.example.com/a%20b.txt");
                assertThat(get(gw, "/ipns/docs.example.com?format=ipns-record", null).statusCode()).isEqualTo(400);
                assertThat(get(gw, "/ipns/nowhere.example.com/", null).statusCode()).isEqualTo(404);
                // a DNSLink website: the Host names the domain, the path is the site's own
                String page = rawGet(gw, "docs.example.com:8080", "/a%20b.txt");
                assertThat(page).startsWith("HTTP/1.1 200").contains("hello over ipns");
                assertThat(page.toLowerCase(java.util.Locale.ROOT))
                        .contains("x-ipfs-path: /ipns/docs.example.com/a%20b.txt");
                dns.setTxt("_dnslink.root.example.com", java.util.List.of("dnslink=/ipfs/" + root));
                assertThat(rawGet(gw, "root.example.com", "/docs")).startsWith("HTTP/1.1 301")
                        .containsIgnoringCase("location: /docs/");
                assertThat(rawGet(gw, "root.example.com", "/docs/a%20b.txt")).contains("hello over ipns");
                // hosts without a record, IP addresses and single labels are the plain path gateway
                assertThat(rawGet(gw, "nothing.example.com", "/a%20b.txt")).startsWith("HTTP/1.1 404");
                assertThat(rawGet(gw, "127.0.0.1", "/ipfs/" + root + "/docs/a%20b.txt")).contains("hello over ipns");
                assertThat(rawGet(gw, "localhost", "/a%20b.txt")).startsWith("HTTP/1.1 404");
                // a subdomain gateway under localhost: the root, a name and an inlined DNSLink domain each an origin
                String v1 = dev.ferry.multiformats.Cid.v1(root.codec(), root.multihash()).toString();
                assertThat(rawGet(gw, v1 + ".ipfs.localhost:8080", "/docs/a%20b.txt")).startsWith("HTTP/1.1 200")
                        .contains("hello over ipns");
                assertThat(rawGet(gw, v1 + ".ipfs.localhost", "/docs")).startsWith("HTTP/1.1 301")
                        .containsIgnoringCase("location: /docs/");
                // a listing's links to content go to the gateway (there /ipfs/CID is content, here a path)
                assertThat(rawGet(gw, v1 + ".ipfs.localhost:8080", "/docs/")).startsWith("HTTP/1.1 200")
                        .contains("<a href=\"./a%20b.txt\">", "<a href=\"//localhost:8080/ipfs/")
                        .doesNotContain("href=\"/ipfs/");
                assertThat(rawGet(gw, "127.0.0.1:8080", "/ipfs/" + root + "/docs/")).contains("<a href=\"/ipfs/");
                // a DNSLink website has no gateway to point to: CIDs without links
                assertThat(rawGet(gw, "root.example.com", "/docs/")).startsWith("HTTP/1.1 200")
                        .contains("<a href=\"./a%20b.txt\">").doesNotContain("/ipfs/");
                assertThat(rawGet(gw, name + ".ipns.localhost", "/a%20b.txt")).contains("hello over ipns");
                assertThat(rawGet(gw, "docs-example-com.ipns.localhost", "/a%20b.txt")).contains("hello over ipns");
                assertThat(rawGet(gw, "notacid.ipfs.localhost", "/")).startsWith("HTTP/1.1 400");
                assertThat(SubdomainHost.nameOf("en-wikipedia--on--ipfs-org")).isEqualTo("en.wikipedia-on-ipfs.org");
                assertThat(SubdomainHost.parse("docs.ipfs.tech", java.util.List.of("localhost"))).isEmpty();
                // what is not there, or not a name
                IpnsName nobody = new IpnsName(dev.ferry.identity.PeerId.fromPublicKey(
                        dev.ferry.identity.Ed25519PrivateKey.generate(new SecureRandom()).publicKey()));
                assertThat(get(gw, "/ipns/" + nobody + "/x", null).statusCode()).isEqualTo(404);
                assertThat(get(gw, "/ipns/" + nobody + "?format=ipns-record", null).statusCode()).isEqualTo(404);
                assertThat(get(gw, "/ipns/not_a_name", null).statusCode()).isEqualTo(400);
                assertThat(get(gw, "/ipns/", null).statusCode()).isEqualTo(400);
                assertThat(get(gw, "/ipns/" + name + "/x?format=ipns-record", null).statusCode()).isEqualTo(400);
                assertThat(get(gw, "/ipns/" + name + "/missing.txt", null).statusCode()).isEqualTo(404);
            }
        }
    }
}
