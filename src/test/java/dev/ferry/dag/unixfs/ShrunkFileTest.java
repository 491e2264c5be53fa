package dev.ferry.dag.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.store.MemoryBlockstore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A file that is shorter than its size said when a chunk is read (it shrank during the import) gives the DAG of the
 * bytes actually read: the leaf array, sized from the reported size, is not framed with the missing bytes in it.
 */
class ShrunkFileTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"100, false", "100, true", "1000, false", "1000, true", "1024, false", "2500, false", "2500, true"})
    void aFileShorterThanItsSizeGivesTheDagOfItsBytes(int length, boolean rawLeaves) throws IOException {
        byte[] data = new byte[length];
        new Random(length).nextBytes(data);
        Path file = dir.resolve("f.bin");
        Files.write(file, data);
        ImportOptions o = ImportOptions.kuboDefaults().withChunkSize(1024).withRawLeaves(rawLeaves);

        MemoryBlockstore fromChannel = new MemoryBlockstore();
        BlockWriter channelWriter = new BlockWriter(fromChannel, o.cidVersion());
        DagRef shrunk;
        try (FileChannel ch = new SizeOverstated(FileChannel.open(file), 700)) {
            shrunk = new FileBuilder(channelWriter, o).build(ch, n -> { });
        }
        channelWriter.drain();
        MemoryBlockstore fromStream = new MemoryBlockstore();
        BlockWriter streamWriter = new BlockWriter(fromStream, o.cidVersion());
        DagRef expected = new FileBuilder(streamWriter, o).build(new ByteArrayInputStream(data), n -> { });
        streamWriter.drain();

        assertThat(shrunk).isEqualTo(expected);
        assertThat(fromChannel.cids().map(Object::toString).sorted().toList())
                .isEqualTo(fromStream.cids().map(Object::toString).sorted().toList());
    }

    /** A file channel whose size() is {@code extra} bytes more than the file holds. */
    private static final class SizeOverstated extends FileChannel {
        private final FileChannel real;
        private final long extra;

        SizeOverstated(FileChannel real, long extra) {
            this.real = real;
            this.extra = extra;
        }

        @Override
        public long size() throws IOException {
            return real.size() + extra;
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int write(ByteBuffer src, long position) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public FileChannel truncate(long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void force(boolean metaData) {
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}
