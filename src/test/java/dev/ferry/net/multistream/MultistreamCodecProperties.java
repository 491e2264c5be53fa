package dev.ferry.net.multistream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class MultistreamCodecProperties {

    @Property
    void roundTripLeavesTrailingBytes(@ForAll @StringLength(max = 300) String text, @ForAll byte[] trailing)
            throws IOException {
        Assume.that(text.indexOf('\n') < 0 && text.getBytes(StandardCharsets.UTF_8).length < 1024);
        Assume.that(text.equals(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)));
        byte[] msg = MultistreamCodec.encode(text);
        byte[] all = new byte[msg.length + trailing.length];
        System.arraycopy(msg, 0, all, 0, msg.length);
        System.arraycopy(trailing, 0, all, msg.length, trailing.length);
        ByteArrayInputStream in = new ByteArrayInputStream(all);
        assertThat(MultistreamCodec.read(in)).isEqualTo(text);
        assertThat(in.readAllBytes()).isEqualTo(trailing);
    }

    @Property
    void listRoundTrip(@ForAll @Size(max = 20) List<@StringLength(min = 1, max = 40) String> protocols)
            throws IOException {
        List<String> clean = protocols.stream().map(s -> "/" + s.replace('\n', '_')).toList();
        Assume.that(clean.stream().allMatch(s -> s.equals(new String(s.getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8))));
        byte[] bytes = MultistreamCodec.encodeList(clean);
        assertThat(MultistreamCodec.readList(new ByteArrayInputStream(bytes))).isEqualTo(clean);
    }

    @Property
    void arbitraryBytesOnlyThrowMultistreamException(@ForAll @Size(max = 2000) byte[] bytes) {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        try {
            MultistreamCodec.read(in);
        } catch (MultistreamException expected) {
            // fine
        } catch (IOException e) {
            throw new AssertionError("unexpected " + e, e);
        }
        // never reads further than the varint plus the 1024-byte cap
        assertThat(bytes.length - in.available()).isLessThanOrEqualTo(2 + 1024);
        try {
            MultistreamCodec.readList(new ByteArrayInputStream(bytes));
        } catch (MultistreamException expected) {
            // fine
        } catch (IOException e) {
            throw new AssertionError("unexpected " + e, e);
        }
    }
}
