package dev.ferry.dag.mfs;

import dev.ferry.multiformats.Cid;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Where the CID of the MFS root is kept between operations (a repository file, or memory). */
public interface MfsRootStore {
    /** The saved root; empty when none was ever saved. */
    Optional<Cid> load();

    /** Makes {@code root} the saved root; durable when this returns (for stores that persist). */
    void save(Cid root);

    /** A store that forgets everything when dropped, for tests and embedding. */
    static MfsRootStore inMemory() {
        AtomicReference<Cid> ref = new AtomicReference<>();
        return new MfsRootStore() {
            @Override
            public Optional<Cid> load() {
                return Optional.ofNullable(ref.get());
            }

            @Override
            public void save(Cid root) {
                ref.set(root);
            }
        };
    }
}
