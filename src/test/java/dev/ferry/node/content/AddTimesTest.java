package dev.ferry.node.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddTimesTest {
    @TempDir
    Path tmp;

    static Cid cid(int i) {
        return Block.raw(("root " + i).getBytes(StandardCharsets.UTF_8)).cid();
    }

    @Test
    void timesSurviveAReopenAndMatchAnyCidOfTheSameHash() throws IOException {
        AddTimes t = AddTimes.open(tmp);
        Instant at = Instant.ofEpochSecond(1_700_000_000);
        t.record(cid(1), at);
        assertThat(t.addedAt(cid(1))).contains(at);
        assertThat(t.addedAt(cid(2))).isEmpty();
        AddTimes again = AddTimes.open(tmp);
        assertThat(again.addedAt(cid(1))).contains(at);
        Cid v1dagpb = Cid.v1(dev.ferry.multiformats.Multicodec.DAG_PB.code(), cid(1).multihash());
        assertThat(again.addedAt(v1dagpb)).contains(at);
        // added again later: the newer time wins
        again.record(cid(1), at.plusSeconds(60));
        assertThat(AddTimes.open(tmp).addedAt(cid(1))).contains(at.plusSeconds(60));
    }

    @Test
    void aTornLineCostsOnlyItself() throws IOException {
        AddTimes t = AddTimes.open(tmp);
        t.record(cid(1), Instant.ofEpochSecond(100));
        Files.writeString(tmp.resolve(AddTimes.FILE), cid(2).toString().substring(0, 10),
                StandardOpenOption.APPEND); // a crash in the middle of a line
        AddTimes again = AddTimes.open(tmp);
        assertThat(again.addedAt(cid(1))).contains(Instant.ofEpochSecond(100));
        assertThat(again.addedAt(cid(2))).isEmpty();
    }

    @Test
    void onlyTheLatestEntriesAreKeptAndTheFileIsCompacted() throws IOException {
        Path file = tmp.resolve(AddTimes.FILE);
        AddTimes t = AddTimes.open(file, 10);
        for (int i = 0; i < 25; i++) {
            t.record(cid(i), Instant.ofEpochSecond(1000 + i));
        }
        assertThat(t.addedAt(cid(0))).isEmpty();
        assertThat(t.addedAt(cid(24))).contains(Instant.ofEpochSecond(1024));
        assertThat(Files.readAllLines(file).size()).as("rewritten at 20 lines, then 5 more").isEqualTo(15);
        AddTimes again = AddTimes.open(file, 10);
        for (int i = 15; i < 25; i++) {
            assertThat(again.addedAt(cid(i))).as("root " + i).contains(Instant.ofEpochSecond(1000 + i));
        }
        assertThat(again.addedAt(cid(14))).isEmpty();
    }
}
