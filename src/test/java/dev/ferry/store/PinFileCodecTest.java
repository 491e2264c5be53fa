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
        Map<Cid, PinType> pins = new LinkedHashMap<>();
        pins.put(EMPTY_DIR, PinType.RECURSIVE);
        pins.put(HELLO_RAW, PinType.DIRECT);
        byte[] expected = hex("""
                4645525259 50494e   # "FERRYPIN"
                01                  # version 1
                00000002            # 2 entries, sorted by CID bytes: v0 (0x12...) after v1 (0x01...)
                02 24               # DIRECT, 36-byte CID
                01551220 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824
                01 22               # RECURSIVE, 34-byte CID
                1220 59948439065f29619ef41280cbb932be52c56d99c5966b65e0111239f098bbef
                """);
        byte[] body = PinFileCodec.encode(pins);
        assertThat(HexFormat.of().formatHex(body, 0, expected.length)).isEqualTo(HexFormat.of().formatHex(expected));
        assertThat(body).hasSize(expected.length + 4); // + CRC-32C
        assertThat(PinFileCodec.decode(body)).isEqualTo(pins);
    }

    @Test
    void emptySet() {
        byte[] file = PinFileCodec.encode(Map.of());
        assertThat(file).hasSize(8 + 1 + 4 + 4);
        assertThat(PinFileCodec.decode(file)).isEmpty();
    }

    @Test
    void everyFlippedBitIsDetected() {
        byte[] file = PinFileCodec.encode(Map.of(EMPTY_DIR, PinType.RECURSIVE, HELLO_RAW, PinType.DIRECT));
        for (int i = 0; i < file.length * 8; i++) {
            byte[] bad = file.clone();
            bad[i / 8] ^= (byte) (1 << (i % 8));
            assertThatThrownBy(() -> PinFileCodec.decode(bad)).isInstanceOf(CorruptPinFileException.class);
        }
    }

    @Test
    void everyTruncationIsDetected() {
        byte[] file = PinFileCodec.encode(Map.of(EMPTY_DIR, PinType.RECURSIVE));
        for (int n = 0; n < file.length; n++) {
            byte[] bad = java.util.Arrays.copyOf(file, n);
            assertThatThrownBy(() -> PinFileCodec.decode(bad)).isInstanceOf(CorruptPinFileException.class);
        }
    }

    @Test
    void indirectPinsAreNotEncoded() {
        assertThatThrownBy(() -> PinFileCodec.encode(Map.of(EMPTY_DIR, PinType.INDIRECT)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pinTypeCodesAreFrozen() {
        assertThat(PinType.RECURSIVE.code()).isEqualTo(1);
        assertThat(PinType.DIRECT.code()).isEqualTo(2);
        assertThat(PinType.INDIRECT.code()).isEqualTo(3);
        assertThat(PinType.ofCode(2)).isEqualTo(PinType.DIRECT);
    }
}
