package dev.ferry.routing.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Cid;
import dev.ferry.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuccessorModelFileTest {
    @TempDir
    Path tmp;
    private final ManualClock clock = new ManualClock();
    private final SuccessorModelConfig config = SuccessorModelConfig.defaults().withThresholds(3, 0.3);

    private SuccessorModel learned() {
        SuccessorModel m = new SuccessorModel(config, clock);
        for (int i = 0; i < 4; i++) {
            m.observe("x", SuccessorModelTest.cid("a"));
            clock.advance(Duration.ofSeconds(2));
            m.observe("x", SuccessorModelTest.cid("b"));
            clock.advance(Duration.ofMinutes(1));
        }
        return m;
    }

    @Test
    void whatWasLearnedSurvivesARoundTrip() throws Exception {
        SuccessorModel before = learned();
        Path file = tmp.resolve("prefetch-model");
        SuccessorModelFile.write(file, before);
        SuccessorModel after = new SuccessorModel(config, clock);
        assertThat(SuccessorModelFile.readInto(file, after)).isEqualTo(2);
        Cid a = SuccessorModelTest.cid("a");
        assertThat(after.predict(a)).isEqualTo(before.predict(a));
        assertThat(after.predict(a)).extracting(Prediction::cid).containsExactly(SuccessorModelTest.cid("b"));
        // decay goes on from the saved times
        clock.advance(config.halfLife());
        assertThat(after.predict(a)).isEmpty();
    }

    @Test
    void aMissingFileIsAnEmptyModel() {
        SuccessorModel m = new SuccessorModel(config, clock);
        assertThat(SuccessorModelFile.readInto(tmp.resolve("absent"), m)).isZero();
        assertThat(m.size()).isZero();
    }

    @Test
    void aCorruptFileIsIgnoredNotFatal() throws Exception {
        Path file = tmp.resolve("prefetch-model");
        SuccessorModelFile.write(file, learned());
        String good = Files.readString(file);
        String[] corrupt = {
            "garbage\n",
            good.replaceFirst("\n(\\S+) ", "\nnot-a-cid "),
            good.replaceFirst(" (\\d+\\.\\d+) ", " NaN "),
            good.replaceFirst(" (\\d+\\.\\d+) ", " -1.0 "),
            good + "bafkqaaa 1.0\n", // a line short of fields
            good.substring(0, good.length() - 7), // cut off in the middle of a line
        };
        for (String text : corrupt) {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            SuccessorModel m = new SuccessorModel(config, clock);
            assertThat(SuccessorModelFile.readInto(file, m)).as(text).isZero();
            assertThat(m.size()).isZero();
        }
        // the good one still reads
        Files.writeString(file, good, StandardCharsets.UTF_8);
        assertThat(SuccessorModelFile.readInto(file, new SuccessorModel(config, clock))).isEqualTo(2);
    }

    @Test
    void aFileLargerThanTheLimitsAllowIsIgnored() throws Exception {
        SuccessorModelConfig tiny = config.withLimits(1, 1, 1);
        Path file = tmp.resolve("prefetch-model");
        Files.write(file, new byte[(int) SuccessorModelFile.maxBytes(tiny) + 1]);
        SuccessorModel m = new SuccessorModel(tiny, clock);
        assertThat(SuccessorModelFile.readInto(file, m)).isZero();
    }
}
