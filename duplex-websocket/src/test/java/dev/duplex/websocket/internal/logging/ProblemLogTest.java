package dev.duplex.websocket.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * A problem the developer must see reaches them whether or not the application has an SLF4J provider: without one,
 * slf4j-api silently falls back to its no-operation logger, so the problem goes to java.util.logging, which prints
 * to the console by default.
 */
class ProblemLogTest {
    /** Records what reaches java.util.logging under the owner's name. */
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger jul = Logger.getLogger(ProblemLogTest.class.getName());

    @BeforeEach
    void recordJulLogging() {
        jul.addHandler(recorder);
    }

    @AfterEach
    void stopRecording() {
        jul.removeHandler(recorder);
    }

    @Test
    void writesAProblemToJavaUtilLoggingWhenSlf4jHasNoProvider() {
        var log = new ProblemLog(ProblemLogTest.class, new NOPLoggerFactory());
        var cause = new IllegalArgumentException("onTextMesage: did you mean onTextMessage?");

        log.error("upgrade service at /ws failed", cause);

        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
            assertThat(record.getMessage()).isEqualTo("upgrade service at /ws failed");
            assertThat(record.getThrown()).isSameAs(cause);
        });
    }

    @Test
    void leavesJavaUtilLoggingAloneWhenSlf4jHasAProvider() {
        var log = new ProblemLog(ProblemLogTest.class, LoggerFactory.getILoggerFactory());

        log.error("upgrade service at /ws failed", new IllegalStateException("boom"));

        assertThat(records).isEmpty();
    }

    @Test
    void seesTheProviderOfThisTestClassPath() {
        assertThat(ProblemLog.of(ProblemLogTest.class).slf4jHasProvider()).as("slf4j-simple is on the test class path")
                .isTrue();
        assertThat(new ProblemLog(ProblemLogTest.class, new NOPLoggerFactory()).slf4jHasProvider()).isFalse();
    }
}
