package dev.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Cid;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PinFileCodecTest {
    static final Cid EMPTY_DIR = Cid.parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
    static final Cid HELLO_RAW = Cid.parse("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq");

    static byte[] hex(String annotated) {
        return HexFormat.of().parseHex(annotated.replaceAll("#[^\\n]*", "").replaceAll("\\s", ""));
    }

    @Test
    void knownEncoding() {
        Map<Cid, PinEntry> pins = new LinkedHashMap<>();
        pins.put(EMPTY_DIR, new PinEntry(PinType.RECURSIVE, "é"));
        pins.put(HELLO_RAW, PinEntry.of(PinType.DIRECT));
        byte[] expected = hex("""
                4645525259 50494e   # "FERRYPIN"
                02                  # version 2
                00000002            # 2 entries, sorted by CID bytes: v0 (0x12...) after v1 (0x01...)
                02 24               # DIRECT, 36-byte CID
                01551220 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824
                00                  # no name
                01 22               # RECURSIVE, 34-byte CID
                1220 59948439065f29619ef41280cbb932be52c56d99c5966b65e0111239f098bbef
                02 c3a9             # name "é": 2 bytes of UTF-8
                """);
        byte[] body = PinFileCodec.encode(pins);
        assertThat(HexFormat.of().formatHex(body, 0, expected.length)).isEqualTo(HexFormat.of().formatHex(expected));
        assertThat(body).hasSize(expected.length + 4); // + CRC-32C
        assertThat(PinFileCodec.decode(body)).isEqualTo(pins);
    }

    @Test
    void version1FilesReadAsUnnamedPins() {
        byte[] v1 = PinFileVersion1.seal(hex("""
                4645525259 50494e 01 00000002
                02 24 01551220 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824
                01 22 1220 59948439065f29619ef41280cbb932be52c56d99c5966b65e0111239f098bbef
                """));
        assertThat(PinFileCodec.decode(v1)).isEqualTo(Map.of(EMPTY_DIR, PinEntry.of(PinType.RECURSIVE),
                HELLO_RAW, PinEntry.of(PinType.DIRECT)));
    }

    @Test
    void namesAreBoundedAndStrictUtf8() {
        String longest = "n".repeat(PinEntry.MAX_NAME_BYTES);
        byte[] ok = PinFileCodec.encode(Map.of(EMPTY_DIR, new PinEntry(PinType.RECURSIVE, longest)));
        assertThat(PinFileCodec.decode(ok).get(EMPTY_DIR).name()).isEqualTo(longest);
        // 256 bytes of name, sealed with a good checksum: still refused
        assertThatThrownBy(() -> PinFileCodec.decode(withName(hex("8002"), "n".repeat(256).getBytes())))
                .isInstanceOf(CorruptPinFileException.class).hasMessageContaining("name length 256");
        // overlong "/", a lone surrogate, a cut sequence
        for (String bad : new String[] {"c0af", "eda080", "e282"}) {
            byte[] name = HexFormat.of().parseHex(bad);
            assertThatThrownBy(() -> PinFileCodec.decode(withName(new byte[] {(byte) name.length}, name)))
                    .isInstanceOf(CorruptPinFileException.class).hasMessageContaining("not valid UTF-8");
        }
        // a name longer than what is left
        assertThatThrownBy(() -> PinFileCodec.decode(withName(new byte[] {9}, new byte[] {'a'})))
                .isInstanceOf(CorruptPinFileException.class);
    }

    /** A version-2 file of one recursive pin on EMPTY_DIR whose name field is {@code length} then {@code name}. */
    private static byte[] withName(byte[] length, byte[] name) {
        byte[] head = hex("4645525259 50494e 02 00000001 01 22 1220 "
                + "59948439065f29619ef41280cbb932be52c56d99c5966b65e0111239f098bbef");
        byte[] body = new byte[head.length + length.length + name.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(length, 0, body, head.length, length.length);
        System.arraycopy(name, 0, body, head.length + length.length, name.length);
        return PinFileVersion1.seal(body);
    }

    @Test
    void unknownVersionsAreRefused() {
        assertThatThrownBy(() -> PinFileCodec.decode(PinFileVersion1.seal(hex("4645525259 50494e 03 00000000"))))
                .isInstanceOf(CorruptPinFileException.class).hasMessageContaining("version 3");
    }

    @Test
    void emptySet() {
        byte[] file = PinFileCodec.encode(Map.of());
        assertThat(file).hasSize(8 + 1 + 4 + 4);
        assertThat(PinFileCodec.decode(file)).isEmpty();
    }

    @Test
    void everyFlippedBitIsDetected() {
        byte[] file = PinFileCodec.encode(Map.of(EMPTY_DIR, new PinEntry(PinType.RECURSIVE, "site"),
                HELLO_RAW, PinEntry.of(PinType.DIRECT)));
        for (int i = 0; i < file.length * 8; i++) {
            byte[] bad = file.clone();
            bad[i / 8] ^= (byte) (1 << (i % 8));
            assertThatThrownBy(() -> PinFileCodec.decode(bad)).isInstanceOf(CorruptPinFileException.class);
        }
    }

    @Test
    void everyTruncationIsDetected() {
        byte[] file = PinFileCodec.encode(Map.of(EMPTY_DIR, new PinEntry(PinType.RECURSIVE, "site")));
        for (int n = 0; n < file.length; n++) {
            byte[] bad = java.util.Arrays.copyOf(file, n);
            assertThatThrownBy(() -> PinFileCodec.decode(bad)).isInstanceOf(CorruptPinFileException.class);
        }
    }

    @Test
    void indirectPinsAndBadNamesCannotBeEntries() {
        assertThatThrownBy(() -> PinEntry.of(PinType.INDIRECT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PinEntry(PinType.RECURSIVE, "x".repeat(256)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("pin name is 256 bytes (max 255 bytes)");
        // 128 two-byte characters: the limit is on bytes, as Kubo's
        assertThatThrownBy(() -> new PinEntry(PinType.RECURSIVE, "é".repeat(128)))
                .hasMessage("pin name is 256 bytes (max 255 bytes)");
        assertThatThrownBy(() -> new PinEntry(PinType.DIRECT, "a\uD800b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lone surrogate");
        assertThat(new PinEntry(PinType.DIRECT, "emoji \uD83D\uDE00 and\nnewline").name()).contains("\n");
    }

    @Test
    void pinTypeCodesAreFrozen() {
        assertThat(PinType.RECURSIVE.code()).isEqualTo(1);
        assertThat(PinType.DIRECT.code()).isEqualTo(2);
        assertThat(PinType.INDIRECT.code()).isEqualTo(3);
        assertThat(PinType.ofCode(2)).isEqualTo(PinType.DIRECT);
    }
}
