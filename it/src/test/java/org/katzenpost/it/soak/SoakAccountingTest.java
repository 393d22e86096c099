package org.katzenpost.it.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.RequestTimeoutException;

/** The soak's bookkeeping (no testnet needed): lost, late and untyped calls; channel order and exactly-once. */
class SoakAccountingTest {

    @Test
    void aCallPastItsDeadlinePlusSlackIsLostOnceAndLateWhenItEndsAfterwards() throws Exception {
        // a deadline and slack of 1 s each: the first sweep must come before them even on a loaded machine
        CallLedger ledger = new CallLedger(Duration.ofSeconds(1));
        CallLedger.Call slow = ledger.begin("k", Duration.ofSeconds(1));
        CallLedger.Call quick = ledger.begin("k", Duration.ofMinutes(1));
        ledger.succeeded(quick);
        assertThat(ledger.sweep()).isZero();
        Thread.sleep(2500); // the behaviour under test: the slow call's deadline and slack (2 s) pass
        assertThat(ledger.sweep()).isEqualTo(1);
        assertThat(ledger.sweep()).as("counted once").isZero();
        ledger.succeeded(slow);
        CallLedger.Stats s = ledger.stats("k");
        assertThat(s.sent.get()).isEqualTo(2);
        assertThat(s.completed.get()).isEqualTo(1);
        assertThat(s.lost.get()).isEqualTo(1);
        assertThat(s.late.get()).isEqualTo(1);
        assertThat(ledger.pendingCount()).isZero();
    }

    @Test
    void failuresAreCountedByTypeAndUntypedOnesSeparately() {
        CallLedger ledger = new CallLedger(Duration.ofSeconds(5));
        ledger.track("k", Duration.ofSeconds(1),
                () -> CompletableFuture.failedFuture(new RequestTimeoutException("deadline")));
        ledger.track("k", Duration.ofSeconds(1), () -> {
            throw new IllegalStateException("thrown by the call itself");
        });
        CompletableFuture<String> open = ledger.track("k", Duration.ofSeconds(1), CompletableFuture::new);
        CallLedger.Stats s = ledger.stats("k");
        assertThat(s.failed.get()).isEqualTo(2);
        assertThat(s.untyped.get()).isEqualTo(1);
        assertThat(s.failedByType).containsOnlyKeys("RequestTimeoutException", "IllegalStateException");
        assertThat(ledger.abandonAll()).as("the open call is lost when the soak leaves").isEqualTo(1);
        open.complete("too late");
        assertThat(s.late.get()).isEqualTo(1);
        assertThat(s.completed.get()).isZero();
    }

    @Test
    void channelMessagesInOrderExactlyOnceAreNoViolation() {
        ChannelCheck c = new ChannelCheck();
        for (long i = 1; i <= 3; i++) {
            c.attempting(i);
            c.confirmed(i);
            c.received(ChannelCheck.message(i, 40 + (int) i));
        }
        assertThat(c.caughtUp()).isTrue();
        assertThat(c.violations()).isZero();
        assertThat(c.machine()).contains("ch_sent=3", "ch_received=3", "ch_dup=0", "ch_missing=0");
    }

    @Test
    void duplicatesGapsReordersMissingAndForeignMessagesAreCounted() {
        ChannelCheck c = new ChannelCheck();
        c.attempting(6);
        c.confirmed(5);
        for (long i : new long[] {1, 2, 2, 4, 3}) {
            c.received(ChannelCheck.message(i, 60));
        }
        c.received("not from the writer".getBytes(StandardCharsets.US_ASCII));
        byte[] tampered = ChannelCheck.message(6, 60);
        tampered[tampered.length - 1] ^= 1;
        c.received(tampered);
        assertThat(c.machine()).contains("ch_dup=1", "ch_gap=1", "ch_reorder=1", "ch_missing=1", "ch_malformed=2");
        assertThat(c.caughtUp()).isFalse();
        assertThat(c.violations()).isEqualTo(1 + 1 + 2 + 1);
    }

    @Test
    void onlyTheLastAttemptedMessageMayArriveUnconfirmed() {
        ChannelCheck c = new ChannelCheck();
        c.attempting(2);
        c.confirmed(1);
        c.received(ChannelCheck.message(1, 30));
        c.received(ChannelCheck.message(2, 30)); // its send failed in doubt, yet it was written
        assertThat(c.violations()).isZero();
        c.received(ChannelCheck.message(3, 30)); // never sent
        assertThat(c.unexpected()).isEqualTo(1);
        assertThat(c.violations()).isEqualTo(1);
    }
}
