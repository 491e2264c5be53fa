package dev.ferry.node.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.ferry.testing.SavedLogLevels;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogTailTest {
    private static final org.slf4j.Logger GC = LoggerFactory.getLogger("dev.ferry.dag.gc.Sweeper");

    private static Logger root() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
    }

    private static int appenders() {
        int n = 0;
        for (var it = root().iteratorForAppenders(); it.hasNext(); it.next()) {
            n++;
        }
        return n;
    }

    @Test
    void followsLinesFromItsOpeningAndDetachesOnClose() throws Exception {
        GC.warn("before the tail");
        int before = appenders();
        try (LogTail tail = LogTail.open(Optional.empty())) {
            assertThat(appenders()).isEqualTo(before + 1);
            GC.warn("seen {}", 1);
            LogLine l = tail.next(Duration.ofSeconds(5)).orElseThrow();
            assertThat(l.message()).isEqualTo("seen 1");
            assertThat(l.level()).isEqualTo("warn");
            assertThat(l.subsystem()).isEqualTo("gc"); // the longest prefix, not dag's
            assertThat(tail.next(Duration.ofMillis(50))).isEmpty();
        }
        assertThat(appenders()).isEqualTo(before);
    }

    @Test
    void aFullQueueDropsLinesInsteadOfGrowing() throws Exception {
        try (LogTail tail = LogTail.open(2)) {
            for (int i = 0; i < 5; i++) {
                GC.warn("line {}", i);
            }
            assertThat(tail.dropped()).isEqualTo(3);
            assertThat(tail.next(Duration.ZERO).orElseThrow().message()).isEqualTo("line 0");
            assertThat(tail.next(Duration.ZERO).orElseThrow().message()).isEqualTo("line 1");
            assertThat(tail.next(Duration.ZERO)).isEmpty();
        }
    }

    @Test
    void aLevelFiltersAndKubosNamesMapOntoLogback() throws Exception {
        try (SavedLogLevels saved = new SavedLogLevels(); LogTail tail = LogTail.open(Optional.of("error"))) {
            LogLevels.set("gc", "DEBUG");
            assertThat(GC.isDebugEnabled()).isTrue();
            GC.info("filtered out");
            GC.error("kept");
            assertThat(tail.next(Duration.ofSeconds(5)).orElseThrow().message()).isEqualTo("kept");
            LogLevels.set("gc", "fatal");
            assertThat(GC.isWarnEnabled()).isFalse();
            assertThat(GC.isErrorEnabled()).isTrue();
        }
        assertThat(GC.isDebugEnabled()).isFalse();
        assertThatThrownBy(() -> LogLevels.parse("loud")).hasMessage("unrecognized level: \"loud\"");
        assertThatThrownBy(() -> LogLevels.set("nope", "info")).hasMessage("error: No such logger");
    }
}
