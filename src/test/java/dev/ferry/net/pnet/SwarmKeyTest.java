package dev.ferry.net.pnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwarmKeyTest {
    private static final HexFormat HEX = HexFormat.of();
    // the example key of js-libp2p's @libp2p/pnet README
    private static final String EXAMPLE_HEX = "dffb7e3135399a8b1612b2aaca1c36a3a8ac2cd0cca51ceeb2ced87d308cac6d";
    private static final byte[] EXAMPLE = HEX.parseHex(EXAMPLE_HEX);

    private static SwarmKey parse(String text) {
        return SwarmKey.parse(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void readsTheBase16FormWhateverTheLineEnds() {
        for (String text : new String[] {
                "/key/swarm/psk/1.0.0/\n/base16/\n" + EXAMPLE_HEX + "\n",
                "/key/swarm/psk/1.0.0/\n/base16/\n" + EXAMPLE_HEX, // js-libp2p's generateKey: no final newline
                "/key/swarm/psk/1.0.0/\r\n/base16/\r\n" + EXAMPLE_HEX + "\r\n",
                "/key/swarm/psk/1.0.0/\r/base16/\r" + EXAMPLE_HEX,
                "/key/swarm/psk/1.0.0/\n/base16/\n  " + EXAMPLE_HEX.toUpperCase() + " \t\n\n \n"}) {
            assertThat(parse(text).bytes()).as(text).isEqualTo(EXAMPLE);
        }
    }

    @Test
    void readsTheBase64AndBinaryForms() {
        assertThat(parse("/key/swarm/psk/1.0.0/\n/base64/\n" + Base64.getEncoder().encodeToString(EXAMPLE) + "\n")
                .bytes()).isEqualTo(EXAMPLE);
        byte[] head = "/key/swarm/psk/1.0.0/\n/bin/\n".getBytes(StandardCharsets.US_ASCII);
        byte[] file = new byte[head.length + 32];
        System.arraycopy(head, 0, file, 0, head.length);
        System.arraycopy(EXAMPLE, 0, file, head.length, 32);
        assertThat(SwarmKey.parse(file).bytes()).isEqualTo(EXAMPLE);
    }

    @Test
    void encodesAsTheKeyGeneratorsDo() {
        SwarmKey key = SwarmKey.of(EXAMPLE);
        assertThat(key.encode()).isEqualTo("/key/swarm/psk/1.0.0/\n/base16/\n" + EXAMPLE_HEX + "\n");
        assertThat(parse(key.encode())).isEqualTo(key);
        SwarmKey fresh = SwarmKey.generate(new SecureRandom());
        assertThat(parse(fresh.encode())).isEqualTo(fresh).isNotEqualTo(key);
    }

    @Test
    void fingerprintIsKubos() {
        // SHAKE128/128 of 64 bytes of Salsa20(key, "finprint"), checked against an independent Salsa20 and
        // Python's hashlib.shake_128
        assertThat(SwarmKey.of(EXAMPLE).fingerprint()).isEqualTo("b0e010a0aabd8fcfa4b1cdf9280dc513");
        byte[] counting = new byte[32];
        for (int i = 0; i < 32; i++) {
            counting[i] = (byte) i;
        }
        assertThat(SwarmKey.of(counting).fingerprint()).isEqualTo("41dfbf48d882a8ee665983adfa7a48f7");
    }

    @Test
    void neverPrintsTheKey() {
        SwarmKey key = SwarmKey.of(EXAMPLE);
        assertThat(key.toString()).doesNotContain(EXAMPLE_HEX).contains(key.fingerprint());
    }

    @Test
    void refusesWhatIsNotAKey() {
        String head = "/key/swarm/psk/1.0.0/\n/base16/\n";
        assertRefused("", "first line");
        assertRefused("/key/swarm/psk/2.0.0/\n/base16/\n" + EXAMPLE_HEX, "first line");
        assertRefused(" /key/swarm/psk/1.0.0/\n/base16/\n" + EXAMPLE_HEX, "first line");
        assertRefused("/key/swarm/psk/1.0.0/", "ends after its first line");
        assertRefused("/key/swarm/psk/1.0.0/\n/base58btc/\n" + EXAMPLE_HEX, "unknown swarm key encoding '/base58btc/'");
        assertRefused(head, "ends before the key");
        assertRefused(head + EXAMPLE_HEX.substring(2), "has 31");
        assertRefused(head + EXAMPLE_HEX + "00", "has 33");
        assertRefused(head + "zz" + EXAMPLE_HEX.substring(2), "not valid base16");
        assertRefused(head + EXAMPLE_HEX + "\nmore", "more after the key");
        assertRefused("/key/swarm/psk/1.0.0/\n/base64/\n!!!!", "not valid base64");
        assertRefused("/key/swarm/psk/1.0.0/\n/bin/\n" + "x".repeat(31), "has 31");
        assertRefused(head + EXAMPLE_HEX + "\n" + " ".repeat(SwarmKey.MAX_FILE_BYTES), "bytes");
        assertThatThrownBy(() -> SwarmKey.of(new byte[16])).isInstanceOf(InvalidSwarmKeyException.class);
    }

    @Test
    void readsFilesAndNamesTheFileInErrors(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("swarm.key");
        Files.writeString(good, SwarmKey.of(EXAMPLE).encode());
        assertThat(SwarmKey.read(good)).isEqualTo(SwarmKey.of(EXAMPLE));
        Path bad = dir.resolve("bad.key");
        Files.writeString(bad, "hello\n");
        assertThatThrownBy(() -> SwarmKey.read(bad)).isInstanceOf(InvalidSwarmKeyException.class)
                .hasMessageStartingWith(bad.toString());
        Path big = dir.resolve("big.key");
        Files.write(big, new byte[1 << 20]);
        assertThatThrownBy(() -> SwarmKey.read(big)).isInstanceOf(InvalidSwarmKeyException.class)
                .hasMessageContaining("not a swarm key");
    }

    private static void assertRefused(String text, String message) {
        assertThatThrownBy(() -> parse(text)).as(text).isInstanceOf(InvalidSwarmKeyException.class)
                .hasMessageContaining(message);
    }
}
