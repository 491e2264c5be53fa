package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ferry's main job, {@code ferry demo}, end to end in this process (three nodes on 127.0.0.1, small content). */
class DemoCommandTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(120)
    void theDemoFetchesFromBothSeedersAndReadsBackTheSameBytes() {
        // 32 MiB (129 blocks): with 8 MiB the first seeder to answer could deliver every block before the second's
        // first answer arrived on a busy machine, and the demo rightly reports that as a failure
        CliRun.Result r = new CliRun(tmp.resolve("unused")).run("demo", "--size-mib", "32");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("C: connected to A and B", "identical to the source", "0 rejected",
                "C: fetched it again from B over /ferry/request/1.0.0", "129 blocks", "demo ok");
    }
}
