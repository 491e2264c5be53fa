package dev.ferry.policy.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.Identity;
import dev.ferry.multiformats.Multiaddr;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwarmMembersTest {
    private static final Identity A = Identity.generate(new SecureRandom());
    private static final Identity B = Identity.generate(new SecureRandom());

    @TempDir
    Path tmp;

    @Test
    void writtenMembersAreReadBackAndNoFileIsNoMember() {
        SwarmMembers members = SwarmMembers.at(tmp.resolve(SwarmMembers.FILE));
        assertThat(members.read()).isEmpty();
        List<StoredMember> two = List.of(
                new StoredMember(A.peerId(), A.did(), List.of(Multiaddr.parse("/ip4/10.0.0.1/tcp/4001"),
                        Multiaddr.parse("/ip6/::1/udp/4001/quic-v1")), 10),
                new StoredMember(B.peerId(), B.did(), List.of(), 20));
        assertThat(members.write(two)).isTrue();
        assertThat(members.read()).containsExactlyInAnyOrderElementsOf(two);
        assertThat(members.write(List.of())).isTrue();
        assertThat(members.read()).isEmpty();
    }

    @Test
    void aFileTooLargeIsNotReadAndAFailedWriteIsReported() throws Exception {
        Path file = tmp.resolve(SwarmMembers.FILE);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(SwarmMembersCodec.MAX_FILE_SIZE + 1L); // sparse: costs no disk
        }
        assertThat(SwarmMembers.at(file).read()).isEmpty();

        Path notADirectory = tmp.resolve("plain");
        Files.writeString(notADirectory, "x");
        assertThat(SwarmMembers.at(notADirectory.resolve(SwarmMembers.FILE))
                .write(List.of(new StoredMember(A.peerId(), A.did(), List.of(), 1)))).isFalse();
    }
}
