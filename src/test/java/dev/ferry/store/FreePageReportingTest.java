package dev.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreePageReportingTest {
    @TempDir
    Path sys;

    private void device(String name, String id, String features) throws IOException {
        Path d = Files.createDirectories(sys.resolve(name));
        Files.writeString(d.resolve("device"), id + "\n");
        Files.writeString(d.resolve("features"), features + "\n");
    }

    @Test
    void aBalloonThatReportsFreePagesCounts() throws IOException {
        device("virtio0", "0x0002", "1111111111");
        device("virtio1", "0x0005", "0110010100000000");
        assertThat(FreePageReporting.active(sys)).isTrue();
    }

    @Test
    void aBalloonWithoutReportingOrAnotherDeviceDoesNot() throws IOException {
        device("virtio0", "0x0005", "0110000100000000");
        device("virtio1", "0x0001", "0000011111111111");
        assertThat(FreePageReporting.active(sys)).isFalse();
    }

    @Test
    void noVirtioBusOrShortOrMissingFilesMeanAnOrdinaryMachine() throws IOException {
        assertThat(FreePageReporting.active(sys.resolve("absent"))).isFalse();
        device("virtio0", "0x0005", "011");
        Files.createDirectories(sys.resolve("virtio1"));
        assertThat(FreePageReporting.active(sys)).isFalse();
    }
}
