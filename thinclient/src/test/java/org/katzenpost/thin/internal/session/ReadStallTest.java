package org.katzenpost.thin.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.katzenpost.testkit.internal.wire.ResponseEncoder;
import org.katzenpost.thin.internal.wire.Responses;

/**
 * The read-stall limit (docs/reliability.md, "Bounded reads"): a daemon that stops in the middle of a frame for the
 * stall limit has its connection dropped; one that is slow but sends, or that is quiet between frames, keeps it.
 */
class ReadStallTest {
    private static final Duration STALL = Duration.ofMillis(300);
    private static final byte[] SHUTDOWN = ResponseEncoder.encode(new Responses.ShutdownFrame());

    @Test
    void aDaemonThatStopsInsideAFrameIsDroppedAfterTheStallLimit() throws Exception {
        DispatchHarness.Feed feed = new DispatchHarness.Feed();
        feed.send(new byte[] {0x02, (byte) 0x80, 0, 0, (byte) 0xA1}); // announces 40 MiB, sends 1 byte, stops
        long t0 = System.nanoTime();
        DispatchHarness.Outcome o = DispatchHarness.read(feed, STALL);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(o.reason()).contains("in the middle of a frame").contains("stall limit");
        assertThat(feed.isClosed()).isTrue();
        assertThat(took).isGreaterThanOrEqualTo(STALL.toMillis()).isLessThan(10_000);
    }

    @Test
    void aDaemonThatStopsInsideTheLengthPrefixIsDroppedToo() throws Exception {
        DispatchHarness.Feed feed = new DispatchHarness.Feed();
        feed.send(new byte[] {0, 0}); // half a prefix
        DispatchHarness.Outcome o = DispatchHarness.read(feed, STALL);
        assertThat(o.reason()).contains("in the middle of a frame");
    }

    @Test
    void quietBetweenFramesAndSlowInsideOneAreNoStall() throws Exception {
        // a longer limit than the other tests, so that a late wake-up on a loaded machine (up to 0.7 s here) does not
        // look like a stall, while the slow frame below still takes about two limits in all
        Duration stall = Duration.ofSeconds(1);
        DispatchHarness.Feed feed = new DispatchHarness.Feed();
        byte[] frame = DispatchHarness.framed(SHUTDOWN);
        CompletableFuture<Void> daemon = CompletableFuture.runAsync(() -> {
            try {
                feed.send(frame);
                // the time is the behaviour under test: quiet between frames for three stall limits
                Thread.sleep(3 * stall.toMillis());
                // then one frame (7 bytes) a byte at a time, 0.3 limits apart: 2.1 limits from its first byte to its
                // last, so only a watch that restarts on every byte lets it through
                byte[] slow = DispatchHarness.framed(new byte[] {(byte) 0xA1, 0x60, (byte) 0xA0}); // {"": {}}
                for (byte b : slow) {
                    feed.send(new byte[] {b});
                    Thread.sleep(stall.toMillis() * 3 / 10);
                }
                feed.send(frame);
                feed.end();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        DispatchHarness.Outcome o = DispatchHarness.read(feed, stall);
        daemon.get(10, TimeUnit.SECONDS);
        assertThat(o.reason()).isEqualTo(DispatchHarness.CLEAN_END);
        assertThat(o.malformedFrames()).isZero();
    }

    /** The check runs while frames arrive and disarms itself between them: an idle connection keeps no timer task. */
    @Test
    void anIdleConnectionKeepsNoStallCheckQueued() throws Exception {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
        timer.setRemoveOnCancelPolicy(true);
        DispatchHarness.Feed feed = new DispatchHarness.Feed();
        Connection c = DispatchHarness.connection(feed, timer, STALL);
        try {
            feed.send(DispatchHarness.framed(SHUTDOWN));
            assertThat(c.frames.next()).isEqualTo(SHUTDOWN.length);
            assertThat(timer.getQueue()).as("armed by the frame").hasSize(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> timer.getQueue().isEmpty());
            assertThat(c.brokenReason).isNull();
            feed.send(DispatchHarness.framed(SHUTDOWN));
            assertThat(c.frames.next()).isEqualTo(SHUTDOWN.length);
            assertThat(timer.getQueue()).as("armed again by the next frame").hasSize(1);
        } finally {
            c.close();
            timer.shutdownNow();
        }
    }
}
