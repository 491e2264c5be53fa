package dev.ferry.policy.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.Did;
import dev.ferry.identity.Identity;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwarmRootsTest {
    private static final Did A = Identity.generate(new SecureRandom()).did();
    private static final Did B = Identity.generate(new SecureRandom()).did();

    @TempDir
    Path tmp;

    private static Cid root(int i) {
        return Block.raw(new byte[] {(byte) i, 42}).cid();
    }

    @Test
    void announcementsAreRememberedPerAnnouncerRenewedAndExpired() {
        SwarmRoots t = SwarmRoots.open(tmp.resolve(SwarmRoots.FILE));
        t.heard(root(1), A, 1_000);
        t.heard(root(1), B, 2_000);
        t.heard(root(2), A, 3_000);
        assertThat(t.size()).isEqualTo(3);
        assertThat(t.byRoot()).hasSize(2);
        assertThat(t.byRoot().get(root(1))).extracting(SwarmRoot::announcer)
                .containsExactlyInAnyOrder(A, B);
        t.heard(root(1), A, 5_000); // renewed
        assertThat(t.expire(2_500)).isEqualTo(1); // only B's announcement of root 1 is older
        assertThat(t.byRoot().get(root(1))).singleElement().satisfies(e -> {
            assertThat(e.announcer()).isEqualTo(A);
            assertThat(e.announcedAtMillis()).isEqualTo(5_000);
        });
        assertThat(t.expire(6_000)).isEqualTo(2);
        assertThat(t.knows(root(1))).isFalse();
        assertThat(t.size()).isZero();
    }

    @Test
    void theLeastRecentlyAnnouncedGoFirstPastTheBound() {
        SwarmRoots t = SwarmRoots.open(tmp.resolve(SwarmRoots.FILE), 3);
        t.heard(root(1), A, 1);
        t.heard(root(2), A, 2);
        t.heard(root(3), A, 3);
        t.heard(root(1), A, 4); // renewed: root 2 is now the least recent
        t.heard(root(4), A, 5);
        assertThat(t.entries()).extracting(SwarmRoot::root).containsExactly(root(3), root(1), root(4));
    }

    @Test
    void savedOnlyWhenChangedAndReadBackInAnnouncementOrder() throws Exception {
        Path file = tmp.resolve(SwarmRoots.FILE);
        SwarmRoots t = SwarmRoots.open(file);
        t.save();
        assertThat(file).doesNotExist(); // nothing changed: nothing written
        t.heard(root(2), B, 20);
        t.heard(root(1), A, 10);
        t.save();
        long written = Files.getLastModifiedTime(file).toMillis();
        byte[] bytes = Files.readAllBytes(file);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(written - 60_000));
        t.save(); // unchanged: not rewritten
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(written - 60_000);
        SwarmRoots back = SwarmRoots.open(file);
        assertThat(back.entries()).containsExactly(new SwarmRoot(root(1), A, 10), new SwarmRoot(root(2), B, 20));
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        // a bound smaller than the file keeps the most recent
        assertThat(SwarmRoots.open(file, 1).entries()).containsExactly(new SwarmRoot(root(2), B, 20));
    }

    @Test
    void anUnreadableFileStartsAnEmptyTable() throws Exception {
        Path file = tmp.resolve(SwarmRoots.FILE);
        SwarmRoots t = SwarmRoots.open(file);
        t.heard(root(1), A, 10);
        t.save();
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        assertThat(SwarmRoots.open(file).size()).isZero();
        Files.write(file, "not a table".getBytes());
        assertThat(SwarmRoots.open(file).entries()).isEqualTo(List.of());
    }
}
