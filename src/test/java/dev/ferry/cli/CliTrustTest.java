package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.node.trust.TrustStore;
import dev.ferry.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry trust} end to end through the command line, against a real repository on disk. */
class CliTrustTest {
    static final String ZERO = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";
    static final String ONE = "did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG";

    @TempDir
    Path tmp;

    CliRun cli;

    @BeforeEach
    void init() {
        cli = new CliRun(tmp.resolve("repo"));
        assertThat(cli.run("init").exitCode()).isZero();
    }

    private CliRun.Result ok(String... args) {
        CliRun.Result r = cli.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    private CliRun.Result fails(String... args) {
        CliRun.Result r = cli.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isEqualTo(1);
        assertThat(r.stderr()).startsWith("Error: ");
        return r;
    }

    @Test
    void setListRemove() throws Exception {
        assertThat(ok("trust", "ls").stdout()).isEmpty();
        assertThat(ok("trust", "set", ZERO, "3").stdout()).isEqualTo("trust " + ZERO + " 3\n");
        // a peer ID with an Ed25519 key names its did:key
        assertThat(ok("trust", "set", "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq", "10").stdout())
                .isEqualTo("trust did:key:z6MkgXZvRh65tcAdLJTKdEvyqEv7ZBhn9C5BM68jw4cESKtH 10\n");
        ok("trust", "set", ONE, "0");
        assertThat(ok("trust", "ls").lines()).containsExactly(
                "did:key:z6MkgXZvRh65tcAdLJTKdEvyqEv7ZBhn9C5BM68jw4cESKtH 10", ZERO + " 3", ONE + " 0");
        assertThat(ok("trust", "ls", "--json").stdout()).contains("\"Trust\"").contains("\"" + ZERO + "\" : 3");
        assertThat(ok("trust", "rm", ZERO).stdout()).isEqualTo("removed " + ZERO + "\n");
        assertThat(fails("trust", "rm", ZERO).stderr()).contains("not in the trust store");
        assertThat(ok("trust", "ls").lines()).hasSize(2);
        assertThat(Files.exists(tmp.resolve("repo").resolve(TrustStore.FILE))).isTrue();
        assertThat(TrustStore.open(tmp.resolve("repo")).entries()).hasSize(2);
    }

    @Test
    void badInputIsRefusedWithOneLine() {
        assertThat(fails("trust", "set", ZERO, "11").stderr()).contains("between 0 and 10");
        assertThat(fails("trust", "set", ZERO, "-1").stderr()).contains("between 0 and 10");
        fails("trust", "set", ZERO, "high");
        assertThat(fails("trust", "set", "did:key:zNope", "5").stderr()).contains("invalid DID");
        assertThat(fails("trust", "set", "did:web:example.org", "5").stderr()).contains("invalid DID");
        assertThat(fails("trust", "set", "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N", "5").stderr())
                .contains("no did:key");
        fails("trust", "set", ZERO);
        assertThat(ok("trust", "ls").stdout()).isEmpty();
    }

    @Test
    void refusesAMissingRepository() {
        CliRun nowhere = new CliRun(tmp.resolve("nothing-here"));
        CliRun.Result r = nowhere.run("trust", "ls");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("no ferry repo found");
    }

    @Test
    void aCorruptFileIsReportedNotOverwritten() throws Exception {
        Path f = tmp.resolve("repo").resolve(TrustStore.FILE);
        Files.writeString(f, "{\"Version\":1,\"Trust\":{\"x\":1}}");
        assertThat(fails("trust", "set", ZERO, "1").stderr()).contains("not a did:key");
        assertThat(Files.readString(f)).isEqualTo("{\"Version\":1,\"Trust\":{\"x\":1}}");
    }
}
