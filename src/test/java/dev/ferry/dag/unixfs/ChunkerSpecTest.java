package dev.ferry.dag.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Kubo's {@code --chunker} syntax, limits and messages (boxo chunker/parse.go and its parse_test.go cases). */
class ChunkerSpecTest {

    @Test
    void kubosAcceptedValues() {
        assertThat(ChunkerSpec.parse("")).isEqualTo(new ChunkerSpec.Fixed(262_144));
        assertThat(ChunkerSpec.parse("default")).isEqualTo(new ChunkerSpec.Fixed(262_144));
        assertThat(ChunkerSpec.parse("size-32")).isEqualTo(new ChunkerSpec.Fixed(32));
        assertThat(ChunkerSpec.parse("size-1048576")).isEqualTo(new ChunkerSpec.Fixed(1_048_576));
        // a bare rabin: average 256 KiB, minimum a third of it, maximum one and a half times
        assertThat(ChunkerSpec.parse("rabin")).isEqualTo(new ChunkerSpec.Rabin(87_381, 262_144, 393_216));
        assertThat(ChunkerSpec.parse("rabin-4096")).isEqualTo(new ChunkerSpec.Rabin(1_365, 4_096, 6_144));
        assertThat(ChunkerSpec.parse("rabin-18-25-32")).isEqualTo(new ChunkerSpec.Rabin(18, 25, 32));
        assertThat(ChunkerSpec.parse("rabin-min:18-avg:25-max:32")).isEqualTo(new ChunkerSpec.Rabin(18, 25, 32));
        assertThat(ChunkerSpec.parse("rabin-19-21-1048576").maxChunkSize()).isEqualTo(1_048_576);
        // two thirds of the limit, rounded as Kubo's test does: the derived maximum just fits
        assertThat(ChunkerSpec.parse("rabin-699051").maxChunkSize()).isEqualTo(1_048_576);
        assertThat(ChunkerSpec.parse("buzhash")).isEqualTo(new ChunkerSpec.Buzhash());
        assertThat(ChunkerSpec.parse("buzhash").maxChunkSize()).isEqualTo(512 * 1024);
        assertThat(ChunkerSpec.parse("rabin-262144-524288-1048576").spec()).isEqualTo("rabin-262144-524288-1048576");
        assertThat(ImportOptions.kuboDefaults().withChunker("rabin").chunker())
                .isEqualTo(new ChunkerSpec.Rabin(87_381, 262_144, 393_216));
        assertThat(ImportOptions.kuboDefaults().withChunker("size-1000").chunkSize()).isEqualTo(1000);
    }

    @Test
    void kubosErrors() {
        refused("size-0", "chunker size must be greater than 0");
        refused("size--1", "strconv.Atoi: parsing \"\": invalid syntax");
        refused("size-1048577", "chunker parameters may not exceed the maximum chunk size of 1048576");
        refused("size-abc", "strconv.Atoi: parsing \"abc\": invalid syntax");
        refused("rabin-15-23-31", "rabin min must be greater than 16");
        refused("rabin-12-512-1024", "rabin min must be greater than 16");
        refused("rabin-20-20-21", "incorrect format: rabin-min must be smaller than rabin-avg");
        refused("rabin-19-21-21", "incorrect format: rabin-avg must be smaller than rabin-max");
        refused("rabin-19-21-1048577", "chunker parameters may not exceed the maximum chunk size of 1048576");
        refused("rabin-699052", "chunker parameters may not exceed the maximum chunk size of 1048576");
        refused("rabin-avg:18-avg:25-max:32", "first label must be min");
        refused("rabin-min:18-max:25-max:32", "second label must be avg");
        refused("rabin-min:18-avg:25-min:32", "final label must be max");
        refused("rabin-1-2", "incorrect format (expected 'rabin' 'rabin-[avg]' or 'rabin-[min]-[avg]-[max]'");
        refused("buzhash-1", "unrecognized chunker option: buzhash-1");
        refused("fixed", "unrecognized chunker option: fixed");
        // Kubo would take an average below 48 and wrap its minimum around (one chunk for the whole file)
        refused("rabin-40", "rabin min must be greater than 16");
    }

    private static void refused(String spec, String message) {
        assertThatThrownBy(() -> ImportOptions.kuboDefaults().withChunker(spec))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
