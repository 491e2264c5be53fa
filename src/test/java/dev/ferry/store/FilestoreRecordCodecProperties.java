package dev.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Multihash;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The filestore record format: what is encoded decodes back, and anything else is a clear corrupt-entry error. */
class FilestoreRecordCodecProperties {

    @Provide
    Arbitrary<FilestoreEntry> entries() {
        Arbitrary<Multihash> keys = Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(Multihash::sha256);
        Arbitrary<String> segment = Arbitraries.strings().withCharRange('\u0001', '\uD7FF').ofMinLength(1)
                .ofMaxLength(20).filter(s -> !s.contains("/") && !s.equals(".") && !s.equals(".."));
        Arbitrary<String> paths = segment.list().ofMinSize(1).ofMaxSize(6).map(l -> String.join("/", l))
                .filter(p -> p.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                        <= FilestoreRecordCodec.MAX_PATH_BYTES);
        return Combinators.combine(keys, paths, Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.integers().between(0, FilestoreRecordCodec.MAX_SIZE)).as(FilestoreEntry::new);
    }

    @Property(tries = 300)
    void encodedEntriesDecodeToThemselves(@ForAll("entries") FilestoreEntry e) {
        assertThat(FilestoreRecordCodec.decode(FilestoreRecordCodec.encode(e), "x")).isEqualTo(e);
    }

    @Property(tries = 300)
    void everySingleBitFlipIsDetected(@ForAll("entries") FilestoreEntry e, @ForAll @IntRange(min = 0, max = 1 << 20) int where,
            @ForAll @IntRange(min = 0, max = 7) int bit) {
        byte[] bytes = FilestoreRecordCodec.encode(e);
        bytes[where % bytes.length] ^= (byte) (1 << bit);
        assertThatThrownBy(() -> FilestoreRecordCodec.decode(bytes, "KEY"))
                .isInstanceOf(CorruptFilestoreEntryException.class).hasMessageStartingWith("corrupt filestore entry KEY: ");
    }

    @Property(tries = 300)
    void everyTruncationOrExtensionIsDetected(@ForAll("entries") FilestoreEntry e,
            @ForAll @IntRange(min = -1 << 20, max = 8) int delta) {
        byte[] bytes = FilestoreRecordCodec.encode(e);
        int len = Math.floorMod(bytes.length + delta, bytes.length + 9);
        if (len == bytes.length) {
            return;
        }
        byte[] changed = Arrays.copyOf(bytes, len);
        assertThatThrownBy(() -> FilestoreRecordCodec.decode(changed, "KEY"))
                .isInstanceOf(CorruptFilestoreEntryException.class);
    }

    /** Random bytes, with or without a valid checksum at the end: a decoded entry or a corrupt-entry error only. */
    @Property(tries = 1000)
    void arbitraryBytesNeverThrowAnythingElse(@ForAll @Size(max = 300) byte[] junk, @ForAll boolean withMagic,
            @ForAll boolean withChecksum) {
        byte[] bytes = junk.clone();
        if (withMagic && bytes.length >= 4) {
            System.arraycopy(FilestoreRecordCodec.MAGIC, 0, bytes, 0, 4);
        }
        if (withChecksum && bytes.length >= 4) {
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(bytes, 0, bytes.length - 4);
            java.nio.ByteBuffer.wrap(bytes, bytes.length - 4, 4).putInt((int) crc.getValue());
        }
        try {
            FilestoreEntry e = FilestoreRecordCodec.decode(bytes, "KEY");
            assertThat(FilestoreRecordCodec.encode(e)).isEqualTo(bytes); // only a canonical record decodes
        } catch (CorruptFilestoreEntryException expected) {
            assertThat(expected).hasMessageStartingWith("corrupt filestore entry KEY: ");
        }
    }

    @Property(tries = 100)
    void pathsThatCouldLeaveTheRootAreRefused(@ForAll("entries") FilestoreEntry e,
            @ForAll("badPaths") String bad) {
        assertThatThrownBy(() -> new FilestoreEntry(e.key(), bad, e.offset(), e.size()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Provide
    Arbitrary<String> badPaths() {
        return Arbitraries.of("", "/etc/passwd", "..", "../x", "a/../../b", "a//b", "./a", "a/", "a\0b");
    }
}
