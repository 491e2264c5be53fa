package dev.ferry.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.MemoryBlockstore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A 512 MiB file as a gzipped tar and as a gzipped file, in a JVM with a 64 MiB heap: get's forms stream. */
@Timeout(300)
class UnixfsArchiveSmallHeapTest {
    static final long SIZE = 512L << 20;

    @Test
    void halfAGibibyteArchivesInA64MibHeap() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                UnixfsArchiveSmallHeapTest.class.getName()).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(240, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("tgz " + (SIZE + 512 + 1024)).contains("gz " + SIZE);
        } finally {
            p.destroyForcibly();
        }
    }

    /** Zeros: few distinct blocks, so the store stays small while the content is eight times the heap. */
    static final class Zeros extends InputStream {
        private long left;

        Zeros(long size) {
            left = size;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }

    /** The bytes {@code options} gives once gunzipped, counted as they stream through a pipe. */
    static long gunzippedLength(UnixfsExporter exporter, Cid cid, ArchiveOptions options) throws Exception {
        PipedInputStream in = new PipedInputStream(1 << 16);
        PipedOutputStream out = new PipedOutputStream(in);
        CompletableFuture<Long> count = CompletableFuture.supplyAsync(() -> {
            try (InputStream gz = new GZIPInputStream(in, 1 << 16)) {
                return gz.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (out) {
            UnixfsArchive.write(exporter, "zeros", cid, options, out);
        }
        return count.get(120, TimeUnit.SECONDS);
    }

    public static void main(String[] args) throws Exception {
        MemoryBlockstore store = new MemoryBlockstore();
        Cid cid = new UnixfsImporter(store, ImportOptions.kuboDefaults()).importStream(new Zeros(SIZE), "zeros").cid();
        UnixfsExporter exporter = new UnixfsExporter(store);
        System.out.println("tgz " + gunzippedLength(exporter, cid, ArchiveOptions.of(true, true, 1L)));
        System.out.println("gz " + gunzippedLength(exporter, cid, ArchiveOptions.of(false, true, null)));
    }
}
