package dev.ferry.policy.pinning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy-pins file: pin names stored with their pins, files from before names read as they are. */
class PolicyPinsTest {
    private static final Cid ROOT = Cid.parse("QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u");
    private static final Cid OTHER = Cid.parse("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");
    private static final PeerId PEER = PeerId.parse("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");
    /** A file as ferry wrote it before pin names. */
    private static final String BEFORE_NAMES = PolicyPins.MAGIC + "\n"
            + "pin " + ROOT + " important\n"
            + "holder " + PEER + " CONFIRMED 1700000000000 99 1700000100000\n"
            + "pin " + OTHER + " offsite\n"
            + "service svc 8f2c-11 ASKED\n"
            + "retired " + PEER + " " + OTHER + "\n"
            + "end 2 1 1 1 0\n";

    @TempDir
    Path tmp;

    private static String b64(String name) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFileFromBeforeNamesReadsUnnamedAndIsWrittenBackByteForByte() throws Exception {
        Path file = tmp.resolve(PolicyPins.FILE);
        Files.writeString(file, BEFORE_NAMES);
        PolicyPins table = PolicyPins.open(file, 5);
        assertThat(table.list()).extracting(PolicyPin::name).containsExactly("", "");
        assertThat(table.get(ROOT).orElseThrow().holders().getFirst().provenAt()).isEqualTo(1700000100000L);
        assertThat(table.get(OTHER).orElseThrow().services()).hasSize(1);
        table.saveNow();
        assertThat(Files.readString(file)).isEqualTo(BEFORE_NAMES);
    }

    @Test
    void namesGoThroughTheFileWhateverTheirText() throws Exception {
        Path file = tmp.resolve(PolicyPins.FILE);
        PolicyPins table = PolicyPins.open(file, 0);
        String spaced = "my site\nline two ✓ 𝄞";
        String longest = "é".repeat(127) + "x"; // 255 bytes
        table.put(new PolicyPin(ROOT, "important", List.of(), List.of(), spaced));
        table.put(new PolicyPin(OTHER, "offsite", List.of(), List.of(), longest));
        assertThat(Files.readString(file)).contains("pin " + ROOT + " important " + b64(spaced) + "\n")
                .contains("pin " + OTHER + " offsite " + b64(longest) + "\n");
        PolicyPins again = PolicyPins.open(file, 0);
        assertThat(again.get(ROOT).orElseThrow().name()).isEqualTo(spaced);
        assertThat(again.get(OTHER).orElseThrow().name()).isEqualTo(longest);

        assertThat(again.rename(ROOT, "")).hasValueSatisfying(p -> assertThat(p.name()).isEmpty());
        assertThat(Files.readString(file)).contains("pin " + ROOT + " important\n");
        assertThat(PolicyPins.open(file, 0).get(ROOT).orElseThrow().name()).isEmpty();
        assertThat(again.rename(Cid.parse("bafkqaaa"), "x")).isEmpty();
    }

    @Test
    void namesAreBoundedAsLocalPinNames() {
        assertThatThrownBy(() -> new PolicyPin(ROOT, "important", List.of(), List.of(), "x".repeat(256)))
                .hasMessage("pin name is 256 bytes (max 255 bytes)");
        assertThatThrownBy(() -> new PolicyPin(ROOT, "important", List.of(), List.of(), "a\uD800b"))
                .hasMessageContaining("lone surrogate");
    }

    @Test
    void aDamagedNameIsCorruptionNeverReplaced() throws Exception {
        Path file = tmp.resolve(PolicyPins.FILE);
        List<String> bad = List.of(
                b64("x".repeat(256)), // over 255 bytes
                "bXkgc2l0ZQ==", // padded
                "bXkgc2l0ZR", // not canonical (stray bits)
                "my+site", // not base64url
                Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {(byte) 0xC0, (byte) 0x80}), // overlong
                Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {(byte) 0xED, (byte) 0xA0,
                        (byte) 0x80}), // an encoded surrogate
                Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {'a', (byte) 0xE2, (byte) 0x9C}), // cut
                "");
        for (String field : bad) {
            Files.writeString(file, PolicyPins.MAGIC + "\npin " + ROOT + " important " + field + "\nend 1 0 0 0 0\n");
            assertThatThrownBy(() -> PolicyPins.open(file, 0)).as(field).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("bad line");
        }
        Files.writeString(file, PolicyPins.MAGIC + "\npin " + ROOT + " important bXk c2l0ZQ\nend 1 0 0 0 0\n");
        assertThatThrownBy(() -> PolicyPins.open(file, 0)).hasMessageContaining("3 fields expected");
    }
}
