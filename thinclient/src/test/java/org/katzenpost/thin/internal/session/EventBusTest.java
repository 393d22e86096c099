package org.katzenpost.thin.internal.session;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.event.EventOverflowException;
import org.katzenpost.thin.event.EventSubscription;
import org.katzenpost.thin.event.ListenerRegistration;
import org.katzenpost.thin.event.OverflowPolicy;
import org.katzenpost.thin.event.ShutdownEvent;
import org.katzenpost.thin.event.ThinClientEvent;
import org.katzenpost.thin.event.UnknownEvent;

class EventBusTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final EventBus bus = new EventBus(pool);

    @AfterEach
    void tearDown() {
        bus.closeAll();
        pool.shutdownNow();
    }

    private static UnknownEvent ev(int i) {
        return new UnknownEvent("e" + i);
    }

    @Test
    void listenerSeesEventsInPublishOrder() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1000);
        bus.addListener(UnknownEvent.class, e -> {
            seen.add(e.kind());
            done.countDown();
        }, 2000, OverflowPolicy.FAIL);
        for (int i = 0; i < 1000; i++) {
            bus.publish(ev(i));
        }
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 1000; i++) {
            assertThat(seen.get(i)).isEqualTo("e" + i);
        }
    }

    @Test
    void blockedListenerDoesNotDelayOthersOrThePublisher() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        bus.addListener(UnknownEvent.class, e -> {
            try {
                never.await();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }, 10, OverflowPolicy.DROP_OLDEST);
        CountDownLatch other = new CountDownLatch(100);
        bus.addListener(UnknownEvent.class, e -> other.countDown(), 1000, OverflowPolicy.FAIL);
        long t0 = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            bus.publish(ev(i));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("publishing never waits for a stuck listener")
                .isLessThan(Duration.ofSeconds(3));
        assertThat(other.await(5, TimeUnit.SECONDS)).isTrue();
        never.countDown();
    }

    @Test
    void slowListenerOverflowDropsOldestAndCounts() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        ListenerRegistration reg = bus.addListener(UnknownEvent.class, e -> {
            try {
                entered.countDown();
                gate.await();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            seen.add(e.kind());
        }, 5, OverflowPolicy.DROP_OLDEST);
        bus.publish(ev(0)); // taken by the delivery thread and blocked in the listener
        assertThat(entered.await(5, TimeUnit.SECONDS)).as("e0 reached the listener").isTrue();
        for (int i = 1; i <= 20; i++) {
            bus.publish(ev(i));
        }
        assertThat(reg.droppedCount()).isEqualTo(15);
        gate.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() >= 6);
        assertThat(seen).containsExactly("e0", "e16", "e17", "e18", "e19", "e20");
    }

    @Test
    void pullSubscriptionDropNewestKeepsTheEarliest() throws Exception {
        EventSubscription<UnknownEvent> sub = bus.subscribe(UnknownEvent.class, 3, OverflowPolicy.DROP_NEWEST);
        for (int i = 0; i < 10; i++) {
            bus.publish(ev(i));
        }
        assertThat(sub.droppedCount()).isEqualTo(7);
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            got.add(sub.poll(Duration.ofSeconds(1)).orElseThrow().kind());
        }
        assertThat(got).containsExactly("e0", "e1", "e2");
        assertThat(sub.poll(Duration.ofMillis(10))).isEmpty();
    }

    @Test
    void pullSubscriptionFailPolicyDeliversQueuedThenThrows() throws Exception {
        EventSubscription<UnknownEvent> sub = bus.subscribe(UnknownEvent.class, 2, OverflowPolicy.FAIL);
        for (int i = 0; i < 3; i++) {
            bus.publish(ev(i));
        }
        assertThat(sub.poll(Duration.ZERO).orElseThrow().kind()).isEqualTo("e0");
        assertThat(sub.poll(Duration.ZERO).orElseThrow().kind()).isEqualTo("e1");
        assertThatThrownBy(() -> sub.poll(Duration.ZERO)).isInstanceOf(EventOverflowException.class);
        assertThat(sub.isClosed()).isTrue();
    }

    @Test
    void subscriptionFiltersByTypeAndCloseEndsPolling() throws Exception {
        EventSubscription<ShutdownEvent> sub = bus.subscribe(ShutdownEvent.class, 4, OverflowPolicy.DROP_OLDEST);
        bus.publish(ev(1));
        bus.publish(new ShutdownEvent());
        assertThat(sub.poll(Duration.ofSeconds(1))).contains(new ShutdownEvent());
        sub.close();
        bus.publish(new ShutdownEvent());
        assertThat(sub.poll(Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void undrainedSubscriptionHoldsAtMostItsCapacity() throws Exception {
        EventSubscription<ThinClientEvent> sub = bus.subscribe(ThinClientEvent.class, 100, OverflowPolicy.DROP_OLDEST);
        for (int i = 0; i < 1_000_000; i++) {
            bus.publish(ev(i));
        }
        assertThat(sub.droppedCount()).isEqualTo(1_000_000 - 100);
        int n = 0;
        while (sub.poll(Duration.ZERO).isPresent()) {
            n++;
        }
        assertThat(n).isEqualTo(100);
    }

    @Test
    void throwingListenerStaysRegisteredAndKeepsReceiving() throws Exception {
        CountDownLatch two = new CountDownLatch(2);
        bus.addListener(UnknownEvent.class, e -> {
            two.countDown();
            throw new IllegalStateException("listener bug");
        }, 10, OverflowPolicy.FAIL);
        bus.publish(ev(1));
        bus.publish(ev(2));
        assertThat(two.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void listenerThrowingAnErrorStaysRegisteredAndKeepsReceiving() {
        List<String> seen = new CopyOnWriteArrayList<>();
        bus.addListener(UnknownEvent.class, e -> {
            seen.add(e.kind());
            if (seen.size() == 1) {
                throw new AssertionError("listener bug");
            }
        }, 10, OverflowPolicy.FAIL);
        for (int i = 0; i < 6; i++) {
            bus.publish(ev(i));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 6);
        assertThat(seen).containsExactly("e0", "e1", "e2", "e3", "e4", "e5");
        bus.publish(ev(6));
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 7);
    }
}
