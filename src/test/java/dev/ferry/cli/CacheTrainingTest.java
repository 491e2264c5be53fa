package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands the launcher's cache-preparing run goes through after the demo: they must all succeed (a failure
 * leaves every later command without the JVM cache), and what {@code get} wrote back equals the generated tree.
 */
class CacheTrainingTest {
    @Test
    void everyTrainingCommandSucceedsAndTheTreeComesBackIdentical(@TempDir Path work) throws IOException {
        CacheTraining.run(work);
        // get -o OUT of a directory CID writes the directory as OUT
        assertSameTree(work.resolve("tree"), work.resolve("out"));
    }

    private static void assertSameTree(Path expected, Path actual) throws IOException {
        try (Stream<Path> files = Files.walk(expected)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path other = actual.resolve(expected.relativize(f).toString());
                assertThat(other).as(other.toString()).exists();
                assertThat(Files.mismatch(f, other)).as(other.toString()).isEqualTo(-1L);
            }
        }
        try (Stream<Path> files = Files.walk(actual)) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(401);
        }
    }
}
