package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.testing.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry key} and {@code ferry name}: on a repo alone, and between two daemons through the DHT. */
@Timeout(120)
class CliNameTest {
    @TempDir
    Path tmp;

    @Test
    void keysAndNamesOnARepoWithoutADaemon() throws Exception {
        CliRun cli = DaemonFixture.init(tmp, "repo");
        CliRun.Result added = cli.run("kept here".getBytes(StandardCharsets.UTF_8), "add", "-Q");
        String cid = added.stdout().strip();
        CliRun.Result gen = cli.run("key", "gen", "blog");
        assertThat(gen.exitCode()).as(gen.toString()).isZero();
        String blog = gen.stdout().strip();
        assertThat(blog).startsWith("k51");
        assertThat(cli.run("key", "gen", "blog").stderr()).startsWith("Error: ").contains("already exists");
        assertThat(cli.run("key", "gen", "-t", "rsa", "other").stderr()).contains("unsupported key type");
        assertThat(cli.run("key", "list").stdout()).isEqualTo("self\nblog\n");
        assertThat(cli.run("key", "list", "-l").stdout()).contains(blog + " blog\n");

        CliRun.Result refused = cli.run("name", "publish", "-k", "blog", cid);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).contains("--allow-offline");
        // without a daemon nothing goes out over HTTP either
        CliRun.Result delegated = cli.run("name", "publish", "-k", "blog", "--allow-delegated", cid);
        assertThat(delegated.exitCode()).isEqualTo(1);
        assertThat(delegated.stderr()).contains("--allow-delegated needs the daemon");
        assertThat(cli.run("name", "publish", "--allow-delegated", "--allow-offline", cid).stderr())
                .contains("cannot use both");
        CliRun.Result published = cli.run("name", "publish", "-k", "blog", "--allow-offline", cid);
        assertThat(published.exitCode()).as(published.toString()).isZero();
        assertThat(published.stdout()).isEqualTo("Published to " + blog + ": /ipfs/" + cid + "\n");
        assertThat(cli.run("name", "resolve", blog).stdout()).isEqualTo("/ipfs/" + cid + "\n");
        assertThat(cli.run("name", "resolve", "/ipns/" + blog + "/x").stdout()).isEqualTo("/ipfs/" + cid + "/x\n");
        assertThat(cli.run("cat", "/ipns/" + blog).stdout()).isEqualTo("kept here");
        // the node's own name, published and resolved by default
        CliRun.Result self = cli.run("name", "publish", "--allow-offline", "-Q", "/ipns/" + blog);
        assertThat(self.exitCode()).as(self.toString()).isZero();
        assertThat(cli.run("name", "resolve").stdout()).isEqualTo("/ipfs/" + cid + "\n");
        assertThat(cli.run("name", "resolve", "-r=false").stdout()).isEqualTo("/ipns/" + blog + "\n");
        assertThat(cli.run("name", "resolve", "not_a_name").stderr()).contains("invalid IPNS name");
        // a domain, by DNSLink, through the DNS server the config names
        try (dev.ferry.testing.TestDnsServer dns = new dev.ferry.testing.TestDnsServer()) {
            assertThat(cli.run("config", "--json", "DNS.Resolvers", "{\".\": \"dns://" + dns.address() + "\"}")
                    .exitCode()).isZero();
            dns.setTxt("_dnslink.blog.example", java.util.List.of("dnslink=/ipns/" + blog));
            assertThat(cli.run("name", "resolve", "blog.example").stdout()).isEqualTo("/ipfs/" + cid + "\n");
            assertThat(cli.run("cat", "/ipns/blog.example").stdout()).isEqualTo("kept here");
            CliRun.Result missing = cli.run("name", "resolve", "/ipns/gone.example");
            assertThat(missing.exitCode()).isEqualTo(1);
            assertThat(missing.stderr()).contains("_dnslink.gone.example");
        }
        assertThat(cli.run("name", "publish", "--allow-offline", "not a path").exitCode()).isEqualTo(1);

        assertThat(cli.run("key", "rm", "blog").stdout()).isEqualTo("blog\n");
        assertThat(cli.run("key", "list").stdout()).isEqualTo("self\n");
        assertThat(cli.run("key", "rm", "self").stderr()).contains("cannot be removed");
    }

    @Test
    void aNamePublishedOnOneDaemonIsResolvedAndReadOnAnother() throws Exception {
        Running a = DaemonFixture.start(tmp, "a", new byte[0]);
        Running b = DaemonFixture.start(tmp, "b", new byte[0]);
        assertThat(a.cli().run("swarm", "connect", b.swarm() + "/p2p/" + b.peerId()).exitCode()).isZero();
        CliRun.Result added = a.cli().run("named content".getBytes(StandardCharsets.UTF_8), "add", "-Q");
        String cid = added.stdout().strip();
        String site = a.cli().run("key", "gen", "site").stdout().strip();
        // the flag reaches the daemon, which has no Ipns.DelegatedPublishers to publish through
        CliRun.Result delegated = a.cli().run("name", "publish", "--allow-delegated", "-k", "site", "/ipfs/" + cid);
        assertThat(delegated.exitCode()).isEqualTo(1);
        assertThat(delegated.stderr()).contains("no delegated publishers configured");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        CliRun.Result published;
        // until identify has told a that b serves the DHT
        while ((published = a.cli().run("name", "publish", "-k", "site", "/ipfs/" + cid)).exitCode() != 0) {
            assertThat(System.nanoTime()).as(published.toString()).isLessThan(deadline);
            Thread.sleep(200);
        }
        assertThat(published.stdout()).isEqualTo("Published to " + site + ": /ipfs/" + cid + "\n");
        CliRun.Result resolved = b.cli().run("name", "resolve", site);
        assertThat(resolved.exitCode()).as(resolved.toString()).isZero();
        assertThat(resolved.stdout()).isEqualTo("/ipfs/" + cid + "\n");
        CliRun.Result cat = b.cli().run("cat", "/ipns/" + site);
        assertThat(cat.exitCode()).as(cat.toString()).isZero();
        assertThat(cat.stdout()).isEqualTo("named content");
        assertThat(b.cli().run("key", "list").stdout()).isEqualTo("self\n");

        // the record itself: read from the DHT on b, put back through a (which holds the same one), refused when bad
        CliRun.Result got = b.cli().run("routing", "get", "/ipns/" + site);
        assertThat(got.exitCode()).as(got.toString()).isZero();
        dev.ferry.routing.ipns.IpnsRecord rec = dev.ferry.routing.ipns.IpnsRecord.verify(
                dev.ferry.routing.ipns.IpnsName.parse(site), got.stdoutBytes(), java.time.Instant.now());
        assertThat(rec.path()).isEqualTo("/ipfs/" + cid);
        Path recordFile = tmp.resolve("site.ipns-record");
        java.nio.file.Files.write(recordFile, got.stdoutBytes());
        CliRun.Result put = a.cli().run("routing", "put", "-v", "/ipns/" + site, recordFile.toString());
        assertThat(put.exitCode()).as(put.toString()).isZero();
        assertThat(put.stdout()).contains(b.peerId());
        java.nio.file.Files.writeString(recordFile, "not a record");
        CliRun.Result bad = a.cli().run("routing", "put", "/ipns/" + site, recordFile.toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr()).contains("invalid record");
        assertThat(a.cli().run("routing", "get", "/pk/x").stderr()).contains("only /ipns/ keys");
        // inspect: fields, and validity against the right and a wrong name
        java.nio.file.Files.write(recordFile, got.stdoutBytes());
        CliRun.Result shown = a.cli().run("name", "inspect", "--verify", site, recordFile.toString());
        assertThat(shown.exitCode()).as(shown.toString()).isZero();
        assertThat(shown.stdout()).contains("Value:         /ipfs/" + cid).contains("Validity Type: EOL")
                .contains("Sequence:      0").contains("TTL:           PT5M").contains("Valid:     true");
        CliRun.Result wrong = a.cli().run("name", "inspect", "--verify", a.peerId(), recordFile.toString());
        assertThat(wrong.stdout()).contains("Valid:     false").contains("Reason:");
        assertThat(a.cli().run("not a record".getBytes(StandardCharsets.UTF_8), "name", "inspect").stderr())
                .startsWith("Error: ");

        // the names followed over pubsub: a publishes site, b resolved it
        assertThat(a.cli().run("name", "pubsub", "state").stdout()).isEqualTo("enabled\n");
        assertThat(b.cli().run("name", "pubsub", "subs").stdout()).contains("/ipns/" + site);
        assertThat(b.cli().run("name", "pubsub", "cancel", site).stdout()).isEqualTo("canceled\n");
        assertThat(b.cli().run("name", "pubsub", "cancel", site).stdout()).isEqualTo("no subscription\n");
        assertThat(b.cli().run("name", "pubsub", "subs").stdout()).doesNotContain(site);

        assertThat(a.cli().run("shutdown").exitCode()).isZero();
        assertThat(b.cli().run("shutdown").exitCode()).isZero();
        // both gone before the repos are deleted (b made block files for what it fetched)
        assertThat(a.exit().get(30, TimeUnit.SECONDS)).isZero();
        assertThat(b.exit().get(30, TimeUnit.SECONDS)).isZero();
    }
}
