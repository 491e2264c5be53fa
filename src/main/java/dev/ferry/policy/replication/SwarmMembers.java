package dev.ferry.policy.replication;

import dev.ferry.store.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file that keeps the members heard of by their records across restarts ({@link SwarmMembersCodec}), so that a
 * restarted member dials the others at once instead of waiting, alone, for their next record. Replaced atomically at
 * each write. A file that cannot be read is reported and read as empty: the next records fill it again.
 */
public final class SwarmMembers {
    private static final Logger LOG = LoggerFactory.getLogger(SwarmMembers.class);
    /** The file's name in the repository. */
    public static final String FILE = "swarm-members";

    private final Path file;

    private SwarmMembers(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /** The members file at {@code file}, read and written only when asked. */
    public static SwarmMembers at(Path file) {
        return new SwarmMembers(file);
    }

    public Path file() {
        return file;
    }

    /** The members written last: none when there is no file, or when it cannot be read (with a warning). */
    public List<StoredMember> read() {
        try {
            if (Files.size(file) > SwarmMembersCodec.MAX_FILE_SIZE) {
                throw new CorruptSwarmMembersException("larger than " + SwarmMembersCodec.MAX_FILE_SIZE + " bytes");
            }
            return SwarmMembersCodec.decode(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return List.of(); // none remembered yet
        } catch (IOException | CorruptSwarmMembersException e) {
            LOG.warn("{}: unreadable swarm members, starting without them: {}", file, e.getMessage());
            return List.of();
        }
    }

    /** Replaces the file by {@code members}; returns whether it was written (a failure is logged). */
    boolean write(Collection<StoredMember> members) {
        try {
            AtomicFiles.write(file, SwarmMembersCodec.encode(members));
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write the swarm members {}: {}", file, e.getMessage());
            return false;
        }
    }
}
