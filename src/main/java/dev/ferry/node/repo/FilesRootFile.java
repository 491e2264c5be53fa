package dev.ferry.node.repo;

import dev.ferry.dag.mfs.MfsRootStore;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.MultiformatException;
import dev.ferry.store.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The MFS root of a repository, in {@code <repo>/files-root} (the CID as text, what Kubo keeps under its datastore
 * key {@code /local/filesroot}): replaced atomically and synced, so a crash leaves the old root or the new one.
 */
public final class FilesRootFile implements MfsRootStore {
    public static final String FILE = "files-root";

    private final Path file;

    public FilesRootFile(Path repo) {
        this.file = repo.resolve(FILE);
    }

    /**
     * @throws RepoException when the file holds no valid CID (never written so by ferry: the repository was damaged
     *                       by hand or by the disk); the MFS must not silently start empty then
     */
    @Override
    public Optional<Cid> load() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
        try {
            return Optional.of(Cid.parse(text));
        } catch (MultiformatException e) {
            throw new RepoException(file + " does not hold a CID: " + e.getMessage());
        }
    }

    @Override
    public void save(Cid root) {
        try {
            AtomicFiles.write(file, (root + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("saving the MFS root in " + file, e);
        }
    }
}
