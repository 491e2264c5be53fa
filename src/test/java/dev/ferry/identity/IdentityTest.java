package dev.ferry.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityTest {
    @TempDir
    Path dir;

    @Test
    void generateSaveLoad() throws Exception {
        Identity id = Identity.generate(new SecureRandom());
        assertThat(id.peerId().toString()).startsWith("12D3KooW");
        assertThat(id.did().toString()).startsWith("did:key:z6Mk");
        assertThat(id.peerId().extractPublicKey()).contains(id.publicKey());
        Path file = dir.resolve("keys/identity.key");
        id.save(file);
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        Identity back = Identity.load(file);
        assertThat(back.peerId()).isEqualTo(id.peerId());
        assertThat(back.privateKey()).isEqualTo(id.privateKey());
        byte[] msg = "hi".getBytes(StandardCharsets.UTF_8);
        assertThat(id.publicKey().verify(msg, back.sign(msg))).isTrue();
        assertThatThrownBy(() -> id.save(file)).isInstanceOf(FileAlreadyExistsException.class);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file); // no temporary file left behind
        }
        assertThat(id.toString()).doesNotContain(java.util.HexFormat.of().formatHex(id.marshal()));
    }

    @Test
    void loadsALibp2pKeyFile() throws Exception {
        // the peer-ids spec Ed25519 private key, as go-/js-libp2p store it
        Path file = dir.resolve("spec.key");
        Files.write(file, java.util.HexFormat.of().parseHex("080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e1"
                + "48ec9da60fee7d1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e"));
        assertThat(Identity.load(file).peerId().toString()).isEqualTo("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");
    }

    @Test
    void rejectsJunkAndOversizedFiles() throws Exception {
        Path junk = dir.resolve("junk.key");
        Files.write(junk, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> Identity.load(junk)).isInstanceOf(KeyFormatException.class);
        Path big = dir.resolve("big.key");
        Files.write(big, new byte[KeyProto.MAX_MESSAGE + 100]);
        assertThatThrownBy(() -> Identity.load(big)).isInstanceOf(KeyFormatException.class)
                .hasMessageContaining("larger");
    }

    @Test
    void secp256k1Identity() {
        Identity id = Identity.fromPrivateKey(Secp256k1PrivateKey.generate(new SecureRandom()));
        assertThat(id.peerId().toString()).startsWith("16Uiu2");
        assertThat(id.did().toString()).startsWith("did:key:zQ3s");
        assertThat(Identity.unmarshal(id.marshal()).peerId()).isEqualTo(id.peerId());
    }
}
