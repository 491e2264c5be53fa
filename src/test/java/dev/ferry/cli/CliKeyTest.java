package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.identity.PrivateKeyFormat;
import dev.ferry.testing.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry key rename|export|import|sign|verify}, on a repo alone and through a running daemon. */
@Timeout(120)
class CliKeyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static String ok(CliRun.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout();
    }

    private static String error(CliRun.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).startsWith("Error: ");
        return r.stderr();
    }

    @Test
    void keysOnARepoWithoutADaemon() throws Exception {
        exercise(DaemonFixture.init(tmp, "repo"), "alone");
    }

    @Test
    void keysThroughARunningDaemon() throws Exception {
        DaemonFixture.Running d = DaemonFixture.start(tmp, "d", new byte[0]);
        try {
            exercise(d.cli(), "daemon");
        } finally {
            assertThat(d.cli().run("shutdown").exitCode()).isZero();
        }
    }

    private void exercise(CliRun cli, String tag) throws Exception {
        String blog = ok(cli.run("key", "gen", "blog")).strip();
        String other = ok(cli.run("key", "gen", "other")).strip();

        // rename, with Kubo's lines and rules
        assertThat(ok(cli.run("key", "rename", "blog", "site"))).isEqualTo("Key " + blog + " renamed to site\n");
        assertThat(error(cli.run("key", "rename", "site", "other"))).contains("refusing to overwrite");
        assertThat(ok(cli.run("key", "rename", "-f", "site", "other")))
                .isEqualTo("Key " + blog + " renamed to other with overwriting\n");
        assertThat(ok(cli.run("key", "list", "-l"))).doesNotContain(other).contains(blog + " other\n");
        assertThat(error(cli.run("key", "rename", "self", "x"))).contains("cannot rename key with name 'self'");
        assertThat(error(cli.run("key", "rename", "other", "self"))).contains("cannot overwrite key with name 'self'");
        assertThat(error(cli.run("key", "rename", "gone", "x"))).contains("no key named gone was found");

        // export in both formats, import back under other names: the same IPNS name
        Path key = tmp.resolve(tag + "-other.key");
        Path pem = tmp.resolve(tag + "-other.pem");
        assertThat(ok(cli.run("key", "export", "other", "-o", key.toString()))).isEmpty();
        assertThat(ok(cli.run("key", "export", "other", "-o", pem.toString(), "--format", "pem-pkcs8-cleartext")))
                .isEmpty();
        assertThat(Files.readString(pem)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(ok(cli.run("key", "import", "from-key", key.toString()))).isEqualTo(blog + "\n");
        assertThat(ok(cli.run("key", "import", "from-pem", "-f", "pem-pkcs8-cleartext", pem.toString())))
                .isEqualTo(blog + "\n");
        assertThat(error(cli.run("key", "import", "from-pem", key.toString()))).contains("already exists");
        assertThat(error(cli.run("key", "import", "third", pem.toString())))
                .contains("unexpected PEM block for format=libp2p-protobuf-cleartext");
        assertThat(error(cli.run("key", "import", "self", key.toString())))
                .contains("cannot import key with name 'self'");
        assertThat(error(cli.run("key", "export", "self", "-o", tmp.resolve(tag + "-self").toString())))
                .contains("cannot export key with name 'self'");
        assertThat(tmp.resolve(tag + "-self")).doesNotExist();
        assertThat(error(cli.run("key", "export", "gone", "-o", tmp.resolve(tag + "-gone").toString())))
                .contains("key with name 'gone' doesn't exist");
        assertThat(error(cli.run("key", "export", "other", "-f", "der", "-o", tmp.resolve(tag + "-x").toString())))
                .contains("unrecognized format: der");

        // ECDSA through PEM (only with --allow-any-key-type, as Kubo); secp256k1 has no PEM form, as in Kubo
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        var pair = g.generateKeyPair();
        Path ecPem = tmp.resolve(tag + "-ec.pem");
        Files.writeString(ecPem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        assertThat(error(cli.run("key", "import", "ec", "-f", "pem-pkcs8-cleartext", ecPem.toString())))
                .contains("--allow-any-key-type");
        String ecId = ok(cli.run("key", "import", "ec", "-f", "pem-pkcs8-cleartext", "--allow-any-key-type",
                ecPem.toString())).strip();
        Path ecBack = tmp.resolve(tag + "-ec-back.pem");
        assertThat(ok(cli.run("key", "export", "ec", "-f", "pem-pkcs8-cleartext", "-o", ecBack.toString()))).isEmpty();
        var back = PrivateKeyFormat.PEM_PKCS8_CLEARTEXT.decode(Files.readAllBytes(ecBack));
        assertThat(back.publicKey().raw()).isEqualTo(pair.getPublic().getEncoded());
        assertThat(ok(cli.run("key", "list", "-l"))).contains(ecId + " ec\n");
        ok(cli.run("key", "gen", "-t", "secp256k1", "k1"));
        assertThat(error(cli.run("key", "export", "k1", "-f", "pem-pkcs8-cleartext", "-o",
                tmp.resolve(tag + "-k1.pem").toString())))
                .contains("marshalling key to PKCS8 format: unknown key type while marshaling PKCS#8: SECP256K1");
        assertThat(tmp.resolve(tag + "-k1.pem")).doesNotExist();

        // sign and verify: Kubo's JSON on one line
        byte[] data = "I hold this key".getBytes(StandardCharsets.UTF_8);
        JsonNode signed = JSON.readTree(ok(cli.run(data, "key", "sign", "-k", "other")));
        assertThat(signed.path("Key").path("Name").asText()).isEqualTo("other");
        assertThat(signed.path("Key").path("Id").asText()).isEqualTo(blog);
        String sig = signed.path("Signature").asText();
        assertThat(sig).startsWith("u");
        assertThat(ok(cli.run(data, "key", "verify", "-k", "from-pem", "-s", sig)))
                .isEqualTo("{\"Key\":{\"Name\":\"from-pem\",\"Id\":\"" + blog + "\"},\"SignatureValid\":true}\n");
        assertThat(JSON.readTree(ok(cli.run(data, "key", "verify", "-k", blog, "-s", sig))).path("SignatureValid")
                .asBoolean()).isTrue();
        assertThat(JSON.readTree(ok(cli.run("tampered".getBytes(StandardCharsets.UTF_8), "key", "verify", "-k", blog,
                "-s", sig))).path("SignatureValid").asBoolean()).isFalse();
        Path file = tmp.resolve(tag + "-data");
        Files.write(file, data);
        JsonNode bySelf = JSON.readTree(ok(cli.run("key", "sign", file.toString())));
        assertThat(bySelf.path("Key").path("Name").asText()).isEqualTo("self");
        assertThat(JSON.readTree(ok(cli.run("key", "verify", "-s", bySelf.path("Signature").asText(),
                file.toString()))).path("SignatureValid").asBoolean()).isTrue();
        assertThat(error(cli.run(data, "key", "verify", "-k", "nobody", "-s", sig))).contains("is not a known key");
    }
}
