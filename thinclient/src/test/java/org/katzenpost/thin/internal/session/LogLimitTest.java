package org.katzenpost.thin.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.event.EventSubscription;
import org.katzenpost.thin.event.OverflowPolicy;
import org.katzenpost.thin.event.UnknownEvent;
import org.katzenpost.thin.internal.cbor.CborWriter;
import org.slf4j.LoggerFactory;

/**
 * A daemon cannot flood the log: malformed frames and frames of unknown kinds are logged at WARN the first time
 * and every 1000th time, with the count, and at DEBUG otherwise; a full event queue likewise, for its drops.
 */
class LogLimitTest {
    @Test
    void malformedAndUnknownFramesWarnTheFirstAndEveryThousandthTime() throws Exception {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        byte[] malformed = DispatchHarness.framed(new byte[] {(byte) 0xA1, 0x61}); // truncated CBOR
        byte[] unknown = DispatchHarness.framed(new CborWriter().mapHeader(1).text("future_event").mapHeader(0)
                .toByteArray());
        for (int i = 0; i < 2500; i++) {
            stream.write(malformed);
            stream.write(unknown);
        }
        Logger logger = (Logger) LoggerFactory.getLogger(Dispatcher.class);
        Level level = logger.getLevel();
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        logger.setLevel(Level.DEBUG);
        DispatchHarness.Outcome o;
        try {
            o = DispatchHarness.read(stream.toByteArray());
        } finally {
            logger.detachAppender(logged);
            logger.setLevel(level);
        }
        assertThat(o.reason()).isEqualTo(DispatchHarness.CLEAN_END);
        assertThat(o.malformedFrames()).isEqualTo(2500);

        List<String> warnMalformed = lines(logged, Level.WARN, "malformed");
        assertThat(warnMalformed).hasSize(3);
        assertThat(warnMalformed.get(0)).contains("(1 so far");
        assertThat(warnMalformed.get(1)).contains("(1000 so far");
        assertThat(warnMalformed.get(2)).contains("(2000 so far");
        assertThat(lines(logged, Level.DEBUG, "malformed")).hasSize(2497);

        List<String> warnUnknown = lines(logged, Level.WARN, "unknown kind");
        assertThat(warnUnknown).hasSize(3);
        assertThat(warnUnknown.get(2)).contains("future_event").contains("2000 frames ignored so far");
        assertThat(lines(logged, Level.DEBUG, "unknown kind")).hasSize(2497);
    }

    /** Drops from several publishing threads at once: each drop has its own number, so no WARN is doubled or lost. */
    @Test
    void concurrentDropsWarnOnceAtTheFirstAndEveryThousandth() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(EventBus.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        ExecutorService publishers = Executors.newFixedThreadPool(4);
        EventBus bus = new EventBus(Runnable::run);
        try (EventSubscription<UnknownEvent> sub = bus.subscribe(UnknownEvent.class, 1, OverflowPolicy.DROP_NEWEST)) {
            bus.publish(new UnknownEvent("fills the queue"));
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(publishers.submit(() -> {
                    start.await();
                    for (int i = 0; i < 750; i++) {
                        bus.publish(new UnknownEvent("dropped"));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            assertThat(sub.droppedCount()).isEqualTo(3000);
        } finally {
            publishers.shutdownNow();
            logger.detachAppender(logged);
        }
        assertThat(lines(logged, Level.WARN, "dropped so far")).hasSize(4)
                .anySatisfy(m -> assertThat(m).contains(": 1 events dropped so far"))
                .anySatisfy(m -> assertThat(m).contains(": 1000 events dropped so far"))
                .anySatisfy(m -> assertThat(m).contains(": 2000 events dropped so far"))
                .anySatisfy(m -> assertThat(m).contains(": 3000 events dropped so far"));
    }

    private static List<String> lines(ListAppender<ILoggingEvent> logged, Level level, String containing) {
        return logged.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains(containing)).toList();
    }
}
