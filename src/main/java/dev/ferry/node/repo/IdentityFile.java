package dev.ferry.node.repo;

import dev.ferry.store.AtomicFiles;
import dev.ferry.identity.Identity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The node's private key, kept in {@code <repo>/identity.key} as the libp2p PrivateKey protobuf, readable by its
 * owner only (mode 0600). Kept out of the JSON config so that {@code config show} can never print it.
 */
public final class IdentityFile {
    public static final String FILE = "identity.key";

    private IdentityFile() {}

    public static Identity create(Path repoDir, SecureRandom random) {
        Identity id = Identity.generate(random);
        try {
            AtomicFiles.write(repoDir.resolve(FILE), id.privateKey().marshal(), PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new RepoException("cannot write " + repoDir.resolve(FILE) + ": " + e.getMessage(), e);
        }
        return id;
    }

    /** Puts {@code id} in place of the node's key, atomically (a crash leaves the old key or the new one). */
    public static void replace(Path repoDir, Identity id) {
        try {
            AtomicFiles.write(repoDir.resolve(FILE), id.privateKey().marshal(), PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new RepoException("cannot write " + repoDir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    public static Identity load(Path repoDir) {
        Path file = repoDir.resolve(FILE);
        try {
            byte[] bytes = Files.readAllBytes(file);
            return Identity.unmarshal(bytes);
        } catch (IOException e) {
            throw new RepoException("cannot read the node key " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new RepoException("the node key " + file + " is corrupt: " + e.getMessage(), e);
        }
    }
}
