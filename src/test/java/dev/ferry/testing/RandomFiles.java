package dev.ferry.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Files of pseudo-random bytes for import tests, written a MiB at a time (sizes up to many GiB stay cheap). */
public final class RandomFiles {
    private RandomFiles() {
    }

    /** Writes {@code size} bytes drawn from {@code random} to {@code p} and returns {@code p}. */
    public static Path write(Path p, long size, Random random) throws IOException {
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(p)) {
            for (long left = size; left > 0; ) {
                random.nextBytes(buf);
                int n = (int) Math.min(buf.length, left);
                out.write(buf, 0, n);
                left -= n;
            }
        }
        return p;
    }
}
