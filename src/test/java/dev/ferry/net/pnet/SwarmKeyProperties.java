package dev.ferry.net.pnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class SwarmKeyProperties {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Property
    void roundTrip(@ForAll @Size(32) byte[] key) {
        SwarmKey k = SwarmKey.of(key);
        assertThat(SwarmKey.parse(k.encode().getBytes(StandardCharsets.US_ASCII))).isEqualTo(k);
        assertThat(k.bytes()).isEqualTo(key);
    }

    @Property(tries = 2000)
    void arbitraryBytesOnlyFailWithInvalidSwarmKey(@ForAll @Size(max = 2048) byte[] bytes) {
        attempt(bytes);
    }

    /** Bytes after a valid header reach the key decoders, where the interesting failures are. */
    @Property(tries = 2000)
    void arbitraryKeyPartsOnlyFailWithInvalidSwarmKey(@ForAll("encodings") String encoding,
            @ForAll @Size(max = 200) byte[] rest) {
        byte[] head = ("/key/swarm/psk/1.0.0/\n" + encoding + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] file = new byte[head.length + rest.length];
        System.arraycopy(head, 0, file, 0, head.length);
        System.arraycopy(rest, 0, file, head.length, rest.length);
        attempt(file).ifPresent(k -> assertThat(k.bytes()).hasSize(SwarmKey.LENGTH));
    }

    @Provide
    Arbitrary<String> encodings() {
        return Arbitraries.of("/base16/", "/base64/", "/bin/", "/other/", "");
    }

    private static java.util.Optional<SwarmKey> attempt(byte[] bytes) {
        long a0 = THREADS.getCurrentThreadAllocatedBytes();
        java.util.Optional<SwarmKey> result;
        try {
            result = java.util.Optional.of(SwarmKey.parse(bytes));
        } catch (InvalidSwarmKeyException e) {
            assertThat(e.getMessage()).isNotBlank();
            result = java.util.Optional.empty();
        }
        assertThat(THREADS.getCurrentThreadAllocatedBytes() - a0).as("bytes allocated").isLessThan(1L << 20);
        return result;
    }
}
