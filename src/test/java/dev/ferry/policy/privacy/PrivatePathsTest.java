package dev.ferry.policy.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivatePathsTest {
    @TempDir
    Path tmp;

    @Test
    void filesUnderAPrivateDirectoryAreCoveredAndOthersAreNot() throws IOException {
        Path secret = Files.createDirectories(tmp.resolve("secret/deep"));
        Path open = Files.createDirectories(tmp.resolve("open"));
        Files.writeString(secret.resolve("a.txt"), "a");
        Files.writeString(open.resolve("b.txt"), "b");
        PrivatePaths policy = PrivatePaths.parse(List.of(tmp.resolve("secret").toString()));
        assertThat(policy.covers(secret.resolve("a.txt"))).isTrue();
        assertThat(policy.covers(tmp.resolve("secret"))).as("the directory itself").isTrue();
        assertThat(policy.covers(open.resolve("b.txt"))).isFalse();
        // a name that only starts like the directory is not under it
        assertThat(policy.covers(Files.createDirectories(tmp.resolve("secret-not")))).isFalse();
        // ".." is resolved before comparing
        assertThat(policy.covers(tmp.resolve("secret/deep/../../open/b.txt"))).isFalse();
        assertThat(policy.covers(tmp.resolve("open/../secret/deep/a.txt"))).isTrue();
    }

    @Test
    void symbolicLinksAreJudgedByWhereTheyLead() throws IOException {
        Path secret = Files.createDirectories(tmp.resolve("secret"));
        Files.writeString(secret.resolve("a.txt"), "a");
        Path link = Files.createSymbolicLink(tmp.resolve("innocent"), secret);
        PrivatePaths policy = PrivatePaths.parse(List.of(secret.toString()));
        assertThat(policy.covers(link.resolve("a.txt"))).as("a link into a private directory").isTrue();
        // and a private directory named through a link in the config
        PrivatePaths viaLink = PrivatePaths.parse(List.of(link.toString()));
        assertThat(viaLink.covers(secret.resolve("a.txt"))).isTrue();
    }

    @Test
    void relativeEntriesAreRefused() {
        assertThatThrownBy(() -> PrivatePaths.parse(List.of("relative/dir"))).hasMessageContaining("absolute");
        assertThat(PrivatePaths.NONE.covers(tmp)).isFalse();
    }
}
