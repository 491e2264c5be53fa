package dev.ferry.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testing.NodeJs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every base ferry knows writes the same text as the npm multiformats package for the same bytes
 * (interop/multiformats/multibase-all.mjs), and reads that text back to the bytes.
 */
@Tag("interop")
@Timeout(60)
class MultibaseInteropTest {
    @Test
    void everyBaseAgreesWithTheJsMultiformats() throws Exception {
        Random random = new Random(3);
        List<byte[]> inputs = new ArrayList<>(List.of(new byte[0], new byte[] {0}, new byte[] {0, 0, (byte) 0xff},
                "hello".getBytes(StandardCharsets.UTF_8), "Decentralize everything!!".getBytes(StandardCharsets.UTF_8),
                "é ✓ 🚀".getBytes(StandardCharsets.UTF_8)));
        byte[] everyByte = new byte[256]; // base256emoji's whole table
        for (int i = 0; i < 256; i++) {
            everyByte[i] = (byte) i;
        }
        inputs.add(everyByte);
        for (int n : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 31, 32, 33, 100}) {
            byte[] b = new byte[n];
            random.nextBytes(b);
            inputs.add(b);
        }
        String[] hex = inputs.stream().map(HexFormat.of()::formatHex).toArray(String[]::new);
        JsonNode js = new ObjectMapper().readTree(NodeJs.run(Duration.ofSeconds(40), new byte[0],
                "multiformats/multibase-all.mjs", hex));
        int compared = 0;
        for (int i = 0; i < inputs.size(); i++) {
            byte[] data = inputs.get(i);
            for (Multibase base : Multibase.values()) {
                String expected = js.get(hex[i]).get(base.baseName()).asText();
                if (base == Multibase.IDENTITY) {
                    // the JS identity base writes one character per byte: compare the bytes
                    byte[] raw = expected.getBytes(StandardCharsets.ISO_8859_1);
                    assertThat(base.encodeToBytes(data)).as("identity of " + hex[i]).isEqualTo(raw);
                    assertThat(Multibase.decode(raw)).as("identity of " + hex[i]).isEqualTo(data);
                    compared++;
                    continue;
                }
                assertThat(base.encode(data)).as(base.baseName() + " of " + hex[i]).isEqualTo(expected);
                assertThat(Multibase.decode(expected)).as(base.baseName() + " of " + hex[i]).isEqualTo(data);
                compared++;
            }
        }
        assertThat(compared).isEqualTo(inputs.size() * Multibase.values().length);
    }

    /** The JS decoder refuses what ferry refuses: text beside the table, a variation selector, a lone surrogate. */
    @Test
    void base256EmojiRejectsTheSameText() throws Exception {
        List<String> texts = List.of("🚀🪐☄", "🚀🪐a", "🚀☄\uFE0F", "🚀🚁", "🚀\uD83D", "🚀");
        String json = texts.stream().map(MultibaseInteropTest::jsonString)
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
        JsonNode js = new ObjectMapper().readTree(NodeJs.run(Duration.ofSeconds(40),
                json.getBytes(StandardCharsets.US_ASCII), "multiformats/base256emoji-decode.mjs"));
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            JsonNode row = js.get(i);
            if (row.isNull()) {
                assertThatThrownBy(() -> Multibase.decode(text)).as(text).isInstanceOf(MultiformatException.class);
            } else {
                assertThat(HexFormat.of().formatHex(Multibase.decode(text))).as(text).isEqualTo(row.asText());
            }
        }
        assertThat(js.get(0).asText()).isEqualTo("0102");
        assertThat(js.get(4).isNull()).isTrue();
    }

    /** Every char but printable ASCII as a JSON escape: a lone surrogate has no UTF-8 to travel in. */
    private static String jsonString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.append('"').toString();
    }
}
