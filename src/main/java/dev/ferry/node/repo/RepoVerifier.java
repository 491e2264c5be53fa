package dev.ferry.node.repo;

import dev.ferry.multiformats.Cid;
import dev.ferry.store.FileBlockstore;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code repo verify}: re-hashes every block of a file store and moves the corrupt ones to its quarantine. One loop and
 * one wording for the command line (offline) and the RPC API (Kubo's final line).
 */
public final class RepoVerifier {
    /** Kubo's last line when every block is intact. */
    public static final String ALL_VALID = "verify complete, all blocks validated.";

    /** Blocks checked between two progress reports. */
    public static final int PROGRESS_EVERY = 1000;

    private RepoVerifier() {}

    /** Hears a run's reports, in order; a failure to report ends the run. */
    public interface Listener {
        /** One corrupt block, already quarantined: {@code line} says which and why; {@code checked} so far. */
        void corrupt(String line, long checked) throws IOException;

        /** Every {@link #PROGRESS_EVERY} intact blocks. */
        default void progress(long checked) throws IOException {}
    }

    /** How a run ended. */
    public record Result(long checked, long corrupt) {
        public boolean intact() {
            return corrupt == 0;
        }

        /** The last line: {@link #ALL_VALID}, or how many of the blocks were corrupt. */
        public String summary() {
            return intact() ? ALL_VALID : "verify complete, some blocks were corrupt: " + corrupt + " of " + checked;
        }
    }

    /**
     * Checks every block; each corrupt one is quarantined, then reported. Ends with a sync, so the quarantine moves
     * are durable when it returns.
     */
    public static Result verify(FileBlockstore fs, Listener listener) throws IOException {
        List<Cid> all;
        try (Stream<Cid> cids = fs.cids()) {
            all = cids.toList();
        }
        long checked = 0;
        long bad = 0;
        for (Cid c : all) {
            String why;
            try {
                Optional<byte[]> bytes = fs.readUnverified(c.multihash());
                why = bytes.isPresent() && !c.multihash().verifies(bytes.get()) ? "hash mismatch" : null;
            } catch (RuntimeException e) {
                why = e.getMessage();
            }
            checked++;
            if (why != null) {
                bad++;
                fs.quarantine(c);
                listener.corrupt("block " + c + " was corrupt (" + why + "), moved to quarantine", checked);
            } else if (checked % PROGRESS_EVERY == 0) {
                listener.progress(checked);
            }
        }
        fs.sync();
        return new Result(checked, bad);
    }
}
