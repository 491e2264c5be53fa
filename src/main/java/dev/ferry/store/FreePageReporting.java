package dev.ferry.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this machine is a virtual machine whose memory balloon reports free pages to its host (virtio-balloon with
 * VIRTIO_BALLOON_F_REPORTING). There, memory the guest frees is taken back by the host and the next first write to
 * each page faults on the host: fresh page-cache pages are dear, reused ones are not (see {@link PageCacheDropper}).
 */
public final class FreePageReporting {
    private static final String VIRTIO_BALLOON_DEVICE = "0x0005";
    private static final int VIRTIO_BALLOON_F_REPORTING = 5;

    private FreePageReporting() {
    }

    /** True when a virtio balloon under {@code /sys/bus/virtio/devices} has negotiated free page reporting. */
    public static boolean active() {
        return active(Path.of("/sys/bus/virtio/devices"));
    }

    static boolean active(Path devices) {
        if (!Files.isDirectory(devices)) {
            return false;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(devices)) {
            for (Path dev : ds) {
                if (isReportingBalloon(dev)) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false; // unreadable: assume an ordinary machine
        }
        return false;
    }

    private static boolean isReportingBalloon(Path dev) throws IOException {
        Path device = dev.resolve("device");
        Path features = dev.resolve("features");
        if (!Files.isRegularFile(device) || !Files.isRegularFile(features)) {
            return false;
        }
        if (!Files.readString(device).trim().equals(VIRTIO_BALLOON_DEVICE)) {
            return false;
        }
        // one character per feature bit, bit 0 first
        String bits = Files.readString(features).trim();
        return bits.length() > VIRTIO_BALLOON_F_REPORTING && bits.charAt(VIRTIO_BALLOON_F_REPORTING) == '1';
    }
}
