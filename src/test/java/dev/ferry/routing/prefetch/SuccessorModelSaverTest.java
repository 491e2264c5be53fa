package dev.ferry.routing.prefetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Cid;
import dev.ferry.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class SuccessorModelSaverTest {
    @TempDir
    Path tmp;
    private final ManualClock clock = new ManualClock();
    private final SuccessorModelConfig config = SuccessorModelConfig.defaults().withThresholds(3, 0.3);
    private final SuccessorModel model = new SuccessorModel(config, clock);
    private final Cid a = SuccessorModelTest.cid("a");
    private final Cid b = SuccessorModelTest.cid("b");
    private final HandTimer timer = new HandTimer();

    /** A timer whose periodic tasks run when the test says so, on the test's thread. */
    static final class HandTimer extends ScheduledThreadPoolExecutor {
        final List<Runnable> tasks = new ArrayList<>();
        final List<ScheduledFuture<?>> futures = new ArrayList<>();
        final List<Long> periodsNanos = new ArrayList<>();

        HandTimer() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, long initialDelay, long delay, TimeUnit unit) {
            tasks.add(task);
            periodsNanos.add(unit.toNanos(delay));
            ScheduledFuture<?> f = super.schedule(() -> { }, 1, TimeUnit.DAYS); // a handle to cancel, never run
            futures.add(f);
            return f;
        }

        /** Runs each periodic task not cancelled once, as if its period had passed. */
        void tick() {
            for (int i = 0; i < tasks.size(); i++) {
                if (!futures.get(i).isCancelled()) {
                    tasks.get(i).run();
                }
            }
        }
    }

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private Path file() {
        return tmp.resolve("prefetch-model");
    }

    private void learn() {
        for (int i = 0; i < 3; i++) {
            model.observe("x", a);
            clock.advance(Duration.ofSeconds(2));
            model.observe("x", b);
            clock.advance(Duration.ofMinutes(1));
        }
    }

    private List<Prediction> predictionsInTheFile() {
        SuccessorModel read = new SuccessorModel(config, clock);
        SuccessorModelFile.readInto(file(), read);
        return read.predict(a);
    }

    @Test
    void eachPeriodSavesWhatChangedAndAnUnchangedModelIsNotRewritten() throws Exception {
        try (SuccessorModelSaver saver = SuccessorModelSaver.start(file(), model, Duration.ofMinutes(10), timer)) {
            assertThat(timer.periodsNanos).containsExactly(Duration.ofMinutes(10).toNanos());
            timer.tick();
            assertThat(file()).doesNotExist(); // nothing learned: nothing to write
            learn();
            timer.tick();
            assertThat(predictionsInTheFile()).extracting(Prediction::cid).containsExactly(b);
            // the file gone, unchanged periods leave it gone: they write nothing
            Files.delete(file());
            timer.tick();
            timer.tick();
            assertThat(saver.saveIfChanged()).isFalse();
            assertThat(file()).doesNotExist();
            model.predict(a); // reading the model is no change either
            timer.tick();
            assertThat(file()).doesNotExist();
            model.observe("y", a);
            timer.tick();
            assertThat(file()).exists();
        }
    }

    @Test
    void closeStopsThePeriodAndSavesALastTime() throws Exception {
        SuccessorModelSaver saver = SuccessorModelSaver.start(file(), model, Duration.ofMinutes(10), timer);
        learn();
        saver.close();
        assertThat(timer.futures.getFirst().isCancelled()).isTrue();
        assertThat(predictionsInTheFile()).extracting(Prediction::cid).containsExactly(b);
        // a period that was already due when close came writes nothing after the last save
        Files.delete(file());
        model.observe("y", a);
        timer.tasks.getFirst().run();
        assertThat(saver.saveIfChanged()).isFalse();
        assertThat(file()).doesNotExist();
        saver.close(); // idempotent
        assertThat(file()).doesNotExist();
        assertThat(timer.isShutdown()).isFalse(); // a timer given is left to its owner
    }

    @Test
    void closeWritesEvenAnUnchangedModel() {
        // a corrupt file the model could not be read from is replaced at close
        SuccessorModelSaver saver = SuccessorModelSaver.start(file(), model, Duration.ZERO);
        assertThat(saver.saveIfChanged()).isFalse();
        assertThat(file()).doesNotExist();
        saver.close();
        assertThat(file()).exists();
    }

    @Test
    void aFailedSaveIsLoggedAndTriedAgainNextPeriod() throws Exception {
        Path dir = tmp.resolve("repo");
        Files.writeString(dir, "a file where the directory should be");
        Path file = dir.resolve("prefetch-model");
        try (SuccessorModelSaver saver = SuccessorModelSaver.start(file, model, Duration.ofMinutes(10), timer)) {
            learn();
            timer.tick(); // fails: logged, not thrown
            assertThat(saver.saveIfChanged()).isFalse();
            Files.delete(dir);
            Files.createDirectory(dir);
            assertThat(saver.saveIfChanged()).isTrue(); // not marked saved by the failures
            assertThat(file).exists();
        }
    }

    @Test
    void aModelReadFromItsFileIsNotWrittenBackUnchanged() throws Exception {
        learn();
        SuccessorModelFile.write(file(), model);
        SuccessorModel restored = new SuccessorModel(config, clock);
        SuccessorModelFile.readInto(file(), restored);
        Files.delete(file());
        try (SuccessorModelSaver saver = SuccessorModelSaver.start(file(), restored, Duration.ofMinutes(10), timer)) {
            timer.tick();
            assertThat(file()).doesNotExist();
            assertThat(saver.saveIfChanged()).isFalse();
        }
    }

    /** Its own timer, a short period: the file appears while the saver runs, without anyone closing it. */
    @Test
    void itsOwnTimerSavesPeriodically() throws Exception {
        try (SuccessorModelSaver saver = SuccessorModelSaver.start(file(), model, Duration.ofMillis(20))) {
            learn();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!Files.exists(file()) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(file()).exists();
        }
        assertThat(predictionsInTheFile()).extracting(Prediction::cid).containsExactly(b);
    }

    @Test
    void aNegativePeriodIsRefused() {
        assertThatThrownBy(() -> SuccessorModelSaver.start(file(), model, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SuccessorModelSaver.start(file(), model, Duration.ofSeconds(-1), timer))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
