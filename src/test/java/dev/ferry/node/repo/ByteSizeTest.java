package dev.ferry.node.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizeTest {
    @Test
    void siUnitsAreDecimalAndIecUnitsBinary() {
        assertThat(ByteSize.parse("10GB")).isEqualTo(10_000_000_000L);
        assertThat(ByteSize.parse("10G")).isEqualTo(10_000_000_000L);
        assertThat(ByteSize.parse("10gb")).isEqualTo(10_000_000_000L);
        assertThat(ByteSize.parse("10 GB")).isEqualTo(10_000_000_000L);
        assertThat(ByteSize.parse("10GiB")).isEqualTo(10L << 30);
        assertThat(ByteSize.parse("10Gi")).isEqualTo(10L << 30);
        assertThat(ByteSize.parse("1kB")).isEqualTo(1_000L);
        assertThat(ByteSize.parse("1KiB")).isEqualTo(1_024L);
        assertThat(ByteSize.parse("1.5MB")).isEqualTo(1_500_000L);
        assertThat(ByteSize.parse("2PiB")).isEqualTo(2L << 50);
        assertThat(ByteSize.parse("1PB")).isEqualTo(1_000_000_000_000_000L);
        assertThat(ByteSize.parse("512")).isEqualTo(512L);
        assertThat(ByteSize.parse("512B")).isEqualTo(512L);
        assertThat(ByteSize.parse("0")).isZero();
        assertThat(ByteSize.parse("1.0001B")).isEqualTo(1L); // a fraction of a byte is dropped
    }

    @Test
    void whatIsNoSizeIsRefused() {
        for (String bad : new String[] {"", "GB", "lots", "10 parsecs", "-1GB", "1,5GB", "10GBs", "1e3", "1EB",
                "10000PB"}) {
            assertThatThrownBy(() -> ByteSize.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("size");
        }
    }
}
