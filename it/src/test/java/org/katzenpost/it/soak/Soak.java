package org.katzenpost.it.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.katzenpost.it.CutProxy;
import org.katzenpost.it.Testnet;
import org.katzenpost.thin.Destination;
import org.katzenpost.thin.Dial;
import org.katzenpost.thin.RequestTimeoutException;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.ThinClientConfig;
import org.katzenpost.thin.ThinClientException;
import org.katzenpost.thin.event.DaemonDisconnectedEvent;
import org.katzenpost.thin.event.MessageReplyEvent;
import org.katzenpost.thin.event.ReconnectedEvent;
import org.katzenpost.thin.internal.SharedThreads;
import org.katzenpost.thin.pigeonhole.ChannelReader;
import org.katzenpost.thin.pigeonhole.ChannelState;
import org.katzenpost.thin.pigeonhole.ChannelWriter;
import org.katzenpost.thin.pigeonhole.Keypair;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;

/**
 * The soak: a mixed workload against the real testnet for a given time, through the public client API, while faults
 * are injected on a schedule; then a summary of every call's outcome, of the channel's order, and of the resources
 * the process holds. Run it with {@code scripts/soak --minutes N}; what it does and what it checks is in
 * docs/integration.md ("Soak").
 *
 * <p>Three clients connect to kpclientd through one {@link CutProxy}: "local" (pipelined daemon-local calls and echo
 * round trips), "alice" (writes a channel) and "bob" (reads it, on his own connection). Exit status: 0 when every
 * check held, 1 when one failed (lost calls, untyped failures, wrong results, channel order or exactly-once, resource
 * growth beyond the stated bounds), 2 for bad arguments or no testnet, 3 when the hard deadline stopped the run.
 */
public final class Soak {
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");

    // Deadlines of the calls (each call gets its own; a call is LOST if it has neither ended by deadline + slack).
    static final Duration LOCAL_DEADLINE = Duration.ofSeconds(10);
    static final Duration ECHO_DEADLINE = Duration.ofSeconds(60);
    static final Duration SEND_DEADLINE = Duration.ofSeconds(120);
    /** A read takes two mixnet round trips (the courier's ACK, then the box), a write one: twice the send deadline. */
    static final Duration RECEIVE_DEADLINE = Duration.ofSeconds(240);
    /**
     * Alice stays at most this many confirmed messages ahead of what Bob has received. The channel check is about
     * delivery (exactly once, in order), not throughput: under faults and load a writer that never waits outruns
     * the reader, and the drain could not catch up.
     */
    static final int CHANNEL_WINDOW = 3;
    /** How long Bob may take after the workload to receive every confirmed message (his reads end by then). */
    static final Duration BOB_DRAIN = Duration.ofMinutes(5);
    /** How long the end waits for every worker: Bob's drain and a minute for the rest (within the hard deadline). */
    static final Duration DRAIN = BOB_DRAIN.plusMinutes(1);
    static final Duration BIG_DEADLINE = Duration.ofSeconds(10);
    /** Pipelined local calls per batch. */
    static final int LOCAL_BATCH = 16;
    /** The "stops reading" faults last this long: longer than {@link #LOCAL_DEADLINE}. */
    static final Duration STALL = Duration.ofSeconds(20);
    /** The big call written while the proxy does not read: more than loopback socket buffers hold. */
    static final int BIG_PAYLOAD = PigeonholeClient.MAX_COPY_PAYLOAD_LENGTH;
    /** Client frames over this are never forwarded by the proxy (the daemon must not build 10 MB of envelopes). */
    static final int PROXY_MAX_CLIENT_FRAME = 1 << 20;

    // Resource bounds: growth allowed between the warmed-up steady state and the end (clients still connected),
    // and between the start (no client) and after every client and the proxy were closed.
    static final int MAX_THREAD_GROWTH = 8;
    static final int MAX_FD_GROWTH = 16;
    static final long MAX_HEAP_GROWTH = 64L << 20;
    static final int MAX_THREADS_LEFT_AFTER_CLOSE = 4;
    static final int MAX_FDS_LEFT_AFTER_CLOSE = 8;

    static final List<String> ALL_FAULTS = List.of("reset", "mid-frame-cut", "stop-reading-resume", "sigstop",
            "sigkill-restart", "stop-reading-cut");

    private final Options opt;
    private final CallLedger ledger;
    private final ChannelCheck channel = new ChannelCheck();
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** System.nanoTime() when the workload ended; written before {@link #running} is cleared. */
    private volatile long workloadEnd;
    private final AtomicLong disconnects = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong resumed = new AtomicLong();
    private final AtomicLong restartedSeen = new AtomicLong();
    private final AtomicLong wrongResults = new AtomicLong();
    private final AtomicLong longestEchoGapMs = new AtomicLong();
    private final AtomicLong stallChecks = new AtomicLong();
    private long lastStallCheck;
    private final List<String> faultLog = new ArrayList<>();
    private final AtomicReference<String> activeFault = new AtomicReference<>("");
    private final Faults faults;
    private final long t0 = System.nanoTime();
    private CutProxy proxy;

    private Soak(Options opt) {
        this.opt = opt;
        this.ledger = new CallLedger(opt.slack);
        this.faults = new Faults(opt.testnetScript, Testnet.repoRoot().resolve("scripts/testnet"));
    }

    /**
     * Entry point: {@code --minutes N} (decimals allowed), {@code --fault-every S} seconds (default 25),
     * {@code --slack S} seconds (default 5), {@code --faults a,b,...} (default all; {@code none} for none).
     *
     * @param args the options above
     */
    public static void main(String[] args) {
        Options opt;
        try {
            opt = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("soak: " + e.getMessage());
            System.exit(2);
            return;
        }
        int rc;
        try {
            rc = new Soak(opt).run();
        } catch (Throwable t) {
            t.printStackTrace();
            rc = 1;
        }
        System.out.flush();
        Runtime.getRuntime().halt(rc); // never wait for a stuck thread on the way out
    }

    static synchronized void log(String s) {
        System.out.println("[soak " + LocalTime.now().format(HMS) + "] " + s);
    }

    private String elapsed() {
        long s = (System.nanoTime() - t0) / 1_000_000_000;
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    // ------------------------------------------------------------------ the run

    private int run() throws Exception {
        Path cfg = Testnet.configPath();
        if (!Files.isRegularFile(cfg)) {
            System.err.println("soak: no thin client config at " + cfg + " (scripts/testnet up && scripts/testnet wait)");
            return 2;
        }
        Dial dial = ThinClientConfig.load(cfg).dial();
        if (!(dial instanceof Dial.Tcp tcp)) {
            System.err.println("soak: the testnet's kpclientd must listen on TCP (the fault proxy is TCP): " + dial);
            return 2;
        }
        long runNanos = (long) (opt.minutes * 60e9);
        Duration hard = Duration.ofNanos(runNanos).plus(Duration.ofMinutes(8));
        startWatchdog(hard);
        Runtime.getRuntime().addShutdownHook(new Thread(faults::resumeDaemonIfStopped, "soak-sigcont"));

        Resources start = Resources.measure();
        log("start: " + start + "; " + opt.minutes + " min, faults " + opt.faults + " every " + opt.faultEvery.toSeconds()
                + " s, call slack " + opt.slack.toSeconds() + " s, hard deadline " + hard.toMinutes() + " min");

        proxy = new CutProxy(tcp.host(), tcp.port(), 64 * 1024);
        proxy.limitClientFrames(PROXY_MAX_CLIENT_FRAME);
        ThinClient local = connect("local");
        ThinClient alice = connect("alice");
        ThinClient bob = connect("bob");
        PigeonholeClient phLocal = local.pigeonhole().withTimeout(LOCAL_DEADLINE);
        PigeonholeClient phAlice = alice.pigeonhole().withTimeout(SEND_DEADLINE);
        PigeonholeClient phBob = bob.pigeonhole().withTimeout(RECEIVE_DEADLINE);
        Keypair scratch = phLocal.sync().withTimeout(Duration.ofSeconds(60)).newKeypair(PigeonholeClient.randomSeed());
        ChannelState state = phAlice.sync().withTimeout(Duration.ofSeconds(60)).createChannel();
        ChannelWriter writer = phAlice.channelWriter(state);
        ChannelReader reader = phBob.channelReader(ChannelState.fromBase64(state.forReaderOnly().toBase64()));

        List<Thread> workers = new ArrayList<>();
        workers.add(worker("soak-local", () -> localLoop(local, phLocal, scratch.firstIndex())));
        workers.add(worker("soak-echo-1", () -> echoLoop(local, 1)));
        workers.add(worker("soak-echo-2", () -> echoLoop(local, 2)));
        workers.add(worker("soak-alice", () -> aliceLoop(writer)));
        workers.add(worker("soak-bob", () -> bobLoop(reader)));
        Thread monitor = worker("soak-monitor", this::monitorLoop);

        long warmup = Math.min(TimeUnit.SECONDS.toNanos(30), runNanos / 6);
        sleepUntil(t0 + warmup);
        Resources steady = Resources.measure();
        log("steady (after warm-up, " + TimeUnit.NANOSECONDS.toSeconds(warmup) + " s): " + steady);

        // Faults from the warm-up on, evenly spaced, cycling through the list, with a quiet tail of at least 30 s.
        long quiet = Math.min(TimeUnit.SECONDS.toNanos(45), runNanos / 5);
        long next = t0 + warmup;
        int i = 0;
        while (!opt.faults.isEmpty() && next < t0 + runNanos - quiet - TimeUnit.SECONDS.toNanos(20)) {
            sleepUntil(next);
            String f = opt.faults.get(i % opt.faults.size());
            i++;
            inject(f, local, phLocal, scratch);
            next = Math.max(next + opt.faultEvery.toNanos(), System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
        }
        sleepUntil(t0 + runNanos);

        // End: measure with the same clients and workers as at the steady point, then stop and drain.
        awaitConnected(List.of(local, alice, bob), Duration.ofSeconds(30));
        Resources end = Resources.measure();
        log("end of the workload: " + end);
        workloadEnd = System.nanoTime();
        running.set(false);
        log("draining: waiting for outstanding calls and for bob to receive every confirmed channel message");
        long drainEnd = System.nanoTime() + DRAIN.toNanos();
        for (Thread w : workers) {
            w.join(Math.max(1, (drainEnd - System.nanoTime()) / 1_000_000));
            if (w.isAlive()) {
                log("worker " + w.getName() + " still running after the drain time: " + stackTop(w));
            }
        }
        ledger.sweep();
        int abandoned = ledger.abandonAll();
        monitor.interrupt();

        closeBounded(local, "local");
        closeBounded(alice, "alice");
        closeBounded(bob, "bob");
        proxy.close();
        Resources closed = Resources.measureAfterClose(start);
        log("after closing the clients and the proxy: " + closed);
        return summary(start, steady, end, closed, abandoned, workers);
    }

    private ThinClient connect(String name) {
        ThinClientConfig cfg = Testnet.config().dial(Dial.tcp(proxy.address())).build();
        ThinClient c = ThinClient.connect(cfg);
        c.sync().awaitPkiDocument(Duration.ofMinutes(3));
        c.addListener(DaemonDisconnectedEvent.class, e -> disconnects.incrementAndGet());
        c.addListener(ReconnectedEvent.class, e -> {
            reconnects.incrementAndGet();
            if (e.resumed()) {
                resumed.incrementAndGet();
            }
            if (e.daemonRestarted()) {
                restartedSeen.incrementAndGet();
            }
        });
        log("client " + name + " connected through the proxy " + proxy.address());
        return c;
    }

    private Thread worker(String name, Runnable r) {
        Thread t = new Thread(() -> {
            try {
                r.run();
            } catch (Throwable e) {
                log("worker " + name + " died: " + e);
                e.printStackTrace(System.out);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    // ------------------------------------------------------------------ workloads

    /** Batches of {@link #LOCAL_BATCH} pipelined daemon-local calls, each checked. */
    private void localLoop(ThinClient c, PigeonholeClient ph, MessageBoxIndex index) {
        long expectedCounter = index.counter() + 1;
        while (running.get()) {
            List<CompletableFuture<?>> batch = new ArrayList<>();
            for (int i = 0; i < LOCAL_BATCH && running.get(); i++) {
                switch (i % 4) {
                    case 0, 2 -> batch.add(ledger.track("local.directory_authorities", LOCAL_DEADLINE,
                            () -> c.fetchDirectoryAuthorities(LOCAL_DEADLINE)).thenAccept(a -> check(a.size() == 3,
                            "get_directory_authorities returned " + a.size() + " authorities")));
                    case 1 -> batch.add(ledger.track("local.next_message_box_index", LOCAL_DEADLINE,
                            () -> ph.withTimeout(LOCAL_DEADLINE).nextMessageBoxIndex(index)).thenAccept(n -> check(
                            n.counter() == expectedCounter, "next_message_box_index counter " + n.counter())));
                    default -> {
                        long epoch = c.pkiDocument() == null ? 0L : c.pkiDocument().epoch();
                        batch.add(ledger.track("local.pki_document_raw", LOCAL_DEADLINE,
                                () -> c.fetchSignedPkiDocument(epoch, LOCAL_DEADLINE)));
                    }
                }
            }
            for (CompletableFuture<?> f : batch) {
                awaitQuietly(f, LOCAL_DEADLINE.plus(opt.slack));
            }
            sleep(1000);
        }
    }

    /** Echo round trips, one at a time per loop; the reply must start with what was sent. */
    private void echoLoop(ThinClient c, int id) {
        long n = 0;
        while (running.get()) {
            n++;
            byte[] payload = ("soak echo " + id + "/" + n + " " + Long.toHexString(ThreadLocalRandom.current().nextLong()))
                    .getBytes(StandardCharsets.UTF_8);
            CompletableFuture<MessageReplyEvent> f = ledger.track("echo", ECHO_DEADLINE, () -> {
                Destination echo = c.getService("echo").toDestination();
                return c.sendMessage(c.newSurbId(), payload, echo, ECHO_DEADLINE);
            });
            Optional<MessageReplyEvent> r = awaitQuietly(f, ECHO_DEADLINE.plus(opt.slack));
            r.ifPresent(e -> check(e.payload() != null && e.payload().length >= payload.length
                    && Arrays.equals(Arrays.copyOf(e.payload(), payload.length), payload), "echo reply differs"));
            sleep(r.isPresent() ? 1000 : 3000);
        }
    }

    /** Alice sends message 1, 2, 3, ...; a failed send is retried with the same bytes until it is confirmed. */
    private void aliceLoop(ChannelWriter w) {
        int max = w.maxSingleBoxMessageLength();
        long seq = 0;
        long drainUntil = Long.MAX_VALUE;
        while (running.get() || w.hasPendingMessage()) {
            if (!running.get()) {
                drainUntil = Math.min(drainUntil, System.nanoTime() + TimeUnit.MINUTES.toNanos(2));
                if (System.nanoTime() > drainUntil) {
                    log("alice: gave up finishing the pending message " + seq + " (drain time over)");
                    return;
                }
            }
            boolean retry = w.hasPendingMessage();
            if (!retry && channel.confirmed() - channel.receivedCount() >= CHANNEL_WINDOW) {
                sleep(1000); // Bob is behind: wait for him (CHANNEL_WINDOW)
                continue;
            }
            if (!retry) {
                seq++;
            }
            channel.attempting(seq);
            byte[] m = ChannelCheck.message(seq, 24 + (int) ((seq * 97) % Math.max(1, max - 24)));
            CallLedger.Call call = ledger.begin("channel.send", SEND_DEADLINE);
            try {
                w.send(m); // the writer's view has SEND_DEADLINE
                ledger.succeeded(call);
                channel.confirmed(seq);
            } catch (RuntimeException e) {
                ledger.failed(call, e);
                if (!w.hasPendingMessage()) {
                    // Not written and not pending: send the same message again (same sequence number).
                    seq--;
                }
                sleep(2000);
                continue;
            }
            sleep(3000);
        }
    }

    /** Bob receives until the run ends and he has every message Alice confirmed (bounded by the drain time). */
    private void bobLoop(ChannelReader r) {
        long drainUntil = Long.MAX_VALUE;
        while (true) {
            if (!running.get()) {
                drainUntil = workloadEnd + BOB_DRAIN.toNanos();
                if (channel.caughtUp() || System.nanoTime() > drainUntil) {
                    return;
                }
            }
            Duration deadline = RECEIVE_DEADLINE;
            if (drainUntil != Long.MAX_VALUE) {
                deadline = Duration.ofNanos(Math.min(deadline.toNanos(), Math.max(1, drainUntil - System.nanoTime())));
            }
            CallLedger.Call call = ledger.begin("channel.receive", deadline);
            try {
                byte[] m = r.receive(deadline);
                ledger.succeeded(call);
                channel.received(m);
            } catch (RequestTimeoutException e) {
                ledger.failed(call, e); // nothing written yet within the deadline (alice is slow under faults)
            } catch (RuntimeException e) {
                ledger.failed(call, e);
                sleep(2000);
            }
        }
    }

    private void check(boolean ok, String what) {
        if (!ok) {
            wrongResults.incrementAndGet();
            log("WRONG RESULT: " + what);
        }
    }

    /** Sweeps for lost calls every second; a progress line every 30 s; notes the longest time without an echo. */
    private void monitorLoop() {
        long lastProgress = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            ledger.sweep();
            long lastEcho = ledger.lastSuccess("echo");
            long since = System.nanoTime() - (lastEcho == 0 ? t0 : lastEcho);
            longestEchoGapMs.accumulateAndGet(since / 1_000_000, Math::max);
            if (running.get() && since > TimeUnit.SECONDS.toNanos(opt.stallSeconds) && activeFault.get().isEmpty()
                    && System.nanoTime() - lastStallCheck > TimeUnit.MINUTES.toNanos(3)) {
                lastStallCheck = System.nanoTime();
                stallChecks.incrementAndGet();
                log("STALL? no echo round trip for " + since / 1_000_000_000 + " s; asking scripts/testnet "
                        + (opt.heal ? "heal" : "stalled") + " (docs/testnet.md, stalled network)");
                worker("soak-stall-check", () -> {
                    try {
                        faults.ownScript(opt.heal ? "heal" : "stalled");
                        log("stall check: no mix-network node has stopped reading a link");
                    } catch (IOException e) {
                        log("stall check: " + e.getMessage() + " (its log lines above name the stuck node)");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(30)) {
                lastProgress = System.nanoTime();
                log("progress " + elapsed() + ": sent=" + ledger.total(s -> s.sent.get()) + " completed="
                        + ledger.total(s -> s.completed.get()) + " failed=" + ledger.total(s -> s.failed.get())
                        + " lost=" + ledger.total(s -> s.lost.get()) + " pending=" + ledger.pendingCount() + " channel "
                        + channel.confirmed() + "/" + channel.receivedCount() + " proxy_conns=" + proxy.openCount()
                        + " reconnects=" + reconnects.get());
            }
        }
    }

    // ------------------------------------------------------------------ faults

    private void inject(String fault, ThinClient local, PigeonholeClient phLocal, Keypair scratch) {
        long start = System.nanoTime();
        activeFault.set(fault);
        String outcome;
        log("FAULT " + fault + " at " + elapsed());
        try {
            outcome = switch (fault) {
                case "reset" -> "reset " + proxy.cutAll() + " connections";
                case "mid-frame-cut" -> {
                    CompletableFuture<Integer> cut = proxy.armMidFrameCut();
                    try {
                        yield "cut a " + cut.get(30, TimeUnit.SECONDS) + "-byte daemon frame in half";
                    } catch (TimeoutException e) {
                        proxy.armMidFrameCut(); // disarm by replacing; the next frame may still be cut later
                        yield "no daemon frame within 30 s";
                    }
                }
                case "stop-reading-resume" -> {
                    proxy.stopReading();
                    Thread.sleep(STALL.toMillis());
                    proxy.resumeReading();
                    yield "proxy read nothing from the clients for " + STALL.toSeconds() + " s, then resumed";
                }
                case "stop-reading-cut" -> {
                    proxy.stopReading();
                    Thread.sleep(500);
                    // A large frame that cannot be written while nobody reads (more than the socket buffers hold);
                    // written from its own thread, since a blocked write may hold the caller.
                    byte[] big = new byte[BIG_PAYLOAD];
                    worker("soak-big-write", () -> awaitQuietly(ledger.track("local.big_write_while_not_read",
                            BIG_DEADLINE, () -> phLocal.withTimeout(BIG_DEADLINE).createCourierEnvelopesFromPayload(big, scratch.writeCap(),
                                    scratch.firstIndex(), true, true)), BIG_DEADLINE.plus(STALL)));
                    Thread.sleep(STALL.toMillis());
                    int n = proxy.cutAll();
                    proxy.resumeReading();
                    yield "proxy read nothing for " + STALL.toSeconds() + " s while a " + BIG_PAYLOAD
                            + "-byte call was written, then reset " + n + " connections";
                }
                case "sigstop" -> {
                    faults.signal("STOP");
                    try {
                        Thread.sleep(10_000);
                    } finally {
                        faults.signal("CONT");
                    }
                    yield "kpclientd stopped for 10 s";
                }
                case "sigkill-restart" -> {
                    faults.signal("KILL");
                    faults.script("kpclientd-restart");
                    yield "kpclientd killed and started again";
                }
                default -> throw new IllegalArgumentException(fault);
            };
        } catch (Exception e) {
            outcome = "FAULT INJECTION FAILED: " + e;
        } finally {
            activeFault.set("");
        }
        long faultEnd = System.nanoTime();
        String line = String.format(Locale.ROOT, "%s %-20s %s (%.1f s)", elapsed(), fault, outcome,
                (faultEnd - start) / 1e9);
        log("FAULT done: " + line);
        synchronized (faultLog) {
            faultLog.add(line);
        }
        worker("soak-recovery", () -> recoveryAfter(fault, faultEnd));
    }

    /** Notes how long after a fault the next echo round trip succeeded. */
    private void recoveryAfter(String fault, long faultEnd) {
        long limit = faultEnd + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < limit) {
            if (ledger.lastSuccess("echo") - faultEnd > 0) {
                log(String.format(Locale.ROOT, "after %s: first echo round trip %.1f s after the fault ended", fault,
                        (ledger.lastSuccess("echo") - faultEnd) / 1e9));
                return;
            }
            sleep(200);
        }
        log("after " + fault + ": no echo round trip within 3 minutes");
    }

    // ------------------------------------------------------------------ end

    private int summary(Resources start, Resources steady, Resources end, Resources closed, int abandoned,
            List<Thread> workers) {
        StringBuilder b = new StringBuilder();
        b.append("\n================ SOAK SUMMARY ================\n");
        b.append(String.format(Locale.ROOT, "duration %.1f min (workload %.1f min), faults injected %d, slack %d s%n",
                (System.nanoTime() - t0) / 60e9, opt.minutes, faultLog.size(), opt.slack.toSeconds()));
        synchronized (faultLog) {
            for (String f : faultLog) {
                b.append("  fault ").append(f).append('\n');
            }
        }
        b.append(String.format(Locale.ROOT, "%-38s %7s %9s %7s %5s %5s %7s  %s%n", "calls", "sent", "completed",
                "failed", "LOST", "late", "max_ms", "failed by exception type"));
        for (Map.Entry<String, CallLedger.Stats> e : ledger.snapshot().entrySet()) {
            CallLedger.Stats s = e.getValue();
            b.append(String.format(Locale.ROOT, "%-38s %7d %9d %7d %5d %5d %7d  %s%n", e.getKey(), s.sent.get(),
                    s.completed.get(), s.failed.get(), s.lost.get(), s.late.get(), s.maxMillis.get(),
                    new java.util.TreeMap<>(s.failedByType)));
        }
        long sent = ledger.total(s -> s.sent.get());
        long completed = ledger.total(s -> s.completed.get());
        long failed = ledger.total(s -> s.failed.get());
        long lost = ledger.total(s -> s.lost.get());
        long late = ledger.total(s -> s.late.get());
        long untyped = ledger.total(s -> s.untyped.get());
        Map<String, Long> byType = new java.util.TreeMap<>();
        for (CallLedger.Stats s : ledger.snapshot().values()) {
            s.failedByType.forEach((k, v) -> byType.merge(k, v.get(), Long::sum));
        }
        b.append(String.format(Locale.ROOT, "%-38s %7d %9d %7d %5d %5d %7s  %s%n", "TOTAL", sent, completed, failed,
                lost, late, "", byType));
        b.append("LOST (neither completed nor failed by deadline + slack): ").append(lost)
                .append(abandoned > 0 ? " (of which " + abandoned + " still pending at exit)" : "").append('\n');
        b.append("untyped failures: ").append(untyped).append(", wrong results: ").append(wrongResults.get())
                .append('\n');
        b.append("channel: ").append(channel.summary()).append('\n');
        b.append("connections: disconnects=").append(disconnects.get()).append(" reconnects=").append(reconnects.get())
                .append(" resumed=").append(resumed.get()).append(" daemon_restarted_seen=")
                .append(restartedSeen.get()).append(" proxy_accepted=").append(proxy.acceptedCount())
                .append(" oversized_frame_cuts=").append(proxy.oversizedClientFrameCuts()).append('\n');
        b.append("longest time without an echo round trip: ").append(longestEchoGapMs.get() / 1000).append(" s")
                .append(stallChecks.get() > 0 ? " (stalled-network checks: " + stallChecks.get() + ")" : "").append('\n');
        b.append("resources  start:  ").append(start).append('\n');
        b.append("           steady: ").append(steady).append('\n');
        b.append("           end:    ").append(end).append('\n');
        b.append("           closed: ").append(closed).append('\n');
        List<String> problems = new ArrayList<>();
        if (lost > 0) {
            problems.add(lost + " lost calls");
        }
        if (untyped > 0) {
            problems.add(untyped + " untyped failures");
        }
        if (wrongResults.get() > 0) {
            problems.add(wrongResults.get() + " wrong results");
        }
        if (channel.violations() > 0) {
            problems.add("channel order/exactly-once violated (" + channel.violations() + ")");
        }
        if (end.threads - steady.threads > MAX_THREAD_GROWTH) {
            problems.add("threads grew " + steady.threads + " -> " + end.threads + " (bound +" + MAX_THREAD_GROWTH + ")");
        }
        if (end.fds - steady.fds > MAX_FD_GROWTH) {
            problems.add("file descriptors grew " + steady.fds + " -> " + end.fds + " (bound +" + MAX_FD_GROWTH + ")");
        }
        if (end.heapUsed - steady.heapUsed > MAX_HEAP_GROWTH) {
            problems.add("heap after GC grew " + mb(steady.heapUsed) + " -> " + mb(end.heapUsed) + " MiB (bound +"
                    + mb(MAX_HEAP_GROWTH) + ")");
        }
        if (closed.threads - start.threads > MAX_THREADS_LEFT_AFTER_CLOSE) {
            problems.add("threads left after close " + start.threads + " -> " + closed.threads + " (bound +"
                    + MAX_THREADS_LEFT_AFTER_CLOSE + ")");
        }
        if (closed.fds - start.fds > MAX_FDS_LEFT_AFTER_CLOSE) {
            problems.add("file descriptors left after close " + start.fds + " -> " + closed.fds + " (bound +"
                    + MAX_FDS_LEFT_AFTER_CLOSE + ")");
        }
        if (ledger.stats("echo").completed.get() == 0 || channel.confirmed() == 0) {
            problems.add("the network delivered " + ledger.stats("echo").completed.get() + " echo replies and "
                    + channel.confirmed() + " channel messages: stalled? (scripts/testnet stalled; docs/testnet.md)");
        }
        long hung = workers.stream().filter(Thread::isAlive).count();
        if (hung > 0) {
            problems.add(hung + " workload threads still blocked at exit");
        }
        b.append("bounds: threads +").append(MAX_THREAD_GROWTH).append(", fds +").append(MAX_FD_GROWTH)
                .append(", heap +").append(mb(MAX_HEAP_GROWTH)).append(" MiB (steady -> end); threads +")
                .append(MAX_THREADS_LEFT_AFTER_CLOSE).append(", fds +").append(MAX_FDS_LEFT_AFTER_CLOSE)
                .append(" (start -> closed)\n");
        b.append(problems.isEmpty() ? "RESULT: PASS" : "RESULT: FAIL: " + String.join("; ", problems)).append('\n');
        b.append("==============================================\n");
        System.out.print(b);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result", problems.isEmpty() ? "PASS" : "FAIL");
        m.put("minutes", opt.minutes);
        m.put("faults", faultLog.size());
        m.put("sent", sent);
        m.put("completed", completed);
        m.put("failed", failed);
        m.put("lost", lost);
        m.put("late", late);
        m.put("untyped", untyped);
        m.put("wrong", wrongResults.get());
        StringBuilder line = new StringBuilder("SOAK");
        m.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        byType.forEach((k, v) -> line.append(" failed.").append(k).append('=').append(v));
        line.append(' ').append(channel.machine());
        line.append(" reconnects=").append(reconnects.get());
        line.append(" echo_max_gap_s=").append(longestEchoGapMs.get() / 1000);
        line.append(" threads=").append(steady.threads).append("->").append(end.threads).append("->")
                .append(closed.threads).append(" threads_start=").append(start.threads);
        line.append(" fds=").append(steady.fds).append("->").append(end.fds).append("->").append(closed.fds)
                .append(" fds_start=").append(start.fds);
        line.append(" heap_mb=").append(mb(steady.heapUsed)).append("->").append(mb(end.heapUsed)).append("->")
                .append(mb(closed.heapUsed));
        System.out.println(line);
        return problems.isEmpty() ? 0 : 1;
    }

    private static long mb(long bytes) {
        return bytes >> 20;
    }

    // ------------------------------------------------------------------ helpers

    private void startWatchdog(Duration hard) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(hard.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            faults.resumeDaemonIfStopped();
            log("HARD DEADLINE (" + hard.toMinutes() + " min) reached: the soak itself did not finish; threads:");
            Thread.getAllStackTraces().forEach((th, st) -> log("  " + th.getName() + " " + th.getState() + " at "
                    + (st.length > 0 ? st[0] : "?")));
            System.out.println("SOAK result=HARD_DEADLINE minutes=" + opt.minutes + " lost="
                    + ledger.total(s -> s.lost.get()) + " pending=" + ledger.pendingCount());
            System.out.flush();
            Runtime.getRuntime().halt(3);
        }, "soak-watchdog");
        t.setDaemon(true);
        t.start();
    }

    private void closeBounded(ThinClient c, String name) {
        Thread t = new Thread(c::close, "soak-close-" + name);
        t.setDaemon(true);
        long s = System.nanoTime();
        t.start();
        try {
            t.join(20_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            log("close() of client " + name + " still blocked after 20 s: " + stackTop(t));
            wrongResults.incrementAndGet();
        } else {
            log("client " + name + " closed in " + (System.nanoTime() - s) / 1_000_000 + " ms");
        }
    }

    private static void awaitConnected(List<ThinClient> clients, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline && !clients.stream().allMatch(ThinClient::isDaemonConnected)) {
            sleep(200);
        }
    }

    private static String stackTop(Thread t) {
        StackTraceElement[] st = t.getStackTrace();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(6, st.length); i++) {
            b.append(i == 0 ? "" : " <- ").append(st[i]);
        }
        return b.toString();
    }

    /** Waits for {@code f} at most {@code max}; its outcome is the ledger's business, not the caller's. */
    private static <T> Optional<T> awaitQuietly(CompletableFuture<T> f, Duration max) {
        try {
            return Optional.ofNullable(f.get(max.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepUntil(long nanoTime) {
        long ms = (nanoTime - System.nanoTime()) / 1_000_000;
        if (ms > 0) {
            sleep(ms);
        }
    }

    /** Threads, open file descriptors and heap used after GC, at one moment. */
    static final class Resources {
        /** How long after the pool's idle time leftover threads are still given to end. */
        static final Duration IDLE_MARGIN = Duration.ofSeconds(15);

        final int threads;
        final long fds;
        final long heapUsed;

        private Resources(int threads, long fds, long heapUsed) {
            this.threads = threads;
            this.fds = fds;
            this.heapUsed = heapUsed;
        }

        static Resources measure() {
            for (int i = 0; i < 3; i++) {
                System.gc();
                sleep(200);
            }
            // The soak's own threads (workers, fault helpers, recovery watchers: "soak-*") come and go with the
            // faults; only the others (the library's, the proxy's, the JVM's) are compared.
            long own = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("soak-")).count();
            return new Resources((int) (ManagementFactory.getThreadMXBean().getThreadCount() - own), fds(),
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }

        /**
         * Measures once threads and descriptors are back within the bounds of {@code start}, or after the shared
         * worker pool's idle time plus {@link #IDLE_MARGIN}.
         */
        static Resources measureAfterClose(Resources start) {
            // Closed clients leave the JVM-wide worker pool's threads idle; they end after its idle time without
            // work (docs/performance.md, "Connect and CPU per call"). Wait that long plus a margin: threads still
            // there after it are a leak.
            long deadline = System.nanoTime() + SharedThreads.WORKER_IDLE_TIME.plus(IDLE_MARGIN).toNanos();
            while (true) {
                Resources r = measure();
                if (System.nanoTime() > deadline || (r.threads - start.threads <= MAX_THREADS_LEFT_AFTER_CLOSE
                        && r.fds - start.fds <= MAX_FDS_LEFT_AFTER_CLOSE)) {
                    return r;
                }
                sleep(500);
            }
        }

        static long fds() {
            try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
                return s.count();
            } catch (IOException e) {
                return -1;
            }
        }

        @Override
        public String toString() {
            return "threads(not soak-*)=" + threads + " fds=" + fds + " heap_after_gc=" + mb(heapUsed) + " MiB";
        }
    }

    /** Command-line options. */
    static final class Options {
        double minutes = 4;
        Duration faultEvery = Duration.ofSeconds(25);
        Duration slack = Duration.ofSeconds(5);
        long stallSeconds = 120;
        boolean heal;
        List<String> faults = ALL_FAULTS;
        Path testnetScript;

        static Options parse(String[] args) {
            Options o = new Options();
            String script = System.getenv("KP_TESTNET_SCRIPT");
            o.testnetScript = script != null && !script.isBlank() ? Path.of(script)
                    : Testnet.repoRoot().resolve("scripts/testnet");
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (a) {
                    case "--minutes" -> o.minutes = positive(a, v);
                    case "--fault-every" -> o.faultEvery = Duration.ofMillis((long) (positive(a, v) * 1000));
                    case "--slack" -> o.slack = Duration.ofMillis((long) (positive(a, v) * 1000));
                    case "--stall-seconds" -> o.stallSeconds = (long) positive(a, v);
                    case "--heal" -> {
                        o.heal = true;
                        i--; // no value
                    }
                    case "--faults" -> {
                        if (v == null) {
                            throw new IllegalArgumentException("--faults needs a value");
                        }
                        o.faults = v.equals("none") ? List.of() : List.of(v.split(","));
                        for (String f : o.faults) {
                            if (!ALL_FAULTS.contains(f)) {
                                throw new IllegalArgumentException("unknown fault " + f + "; known: " + ALL_FAULTS);
                            }
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a
                            + " (--minutes N, --fault-every S, --slack S, --stall-seconds S, --heal, --faults a,b|none)");
                }
                i++;
            }
            return o;
        }

        private static double positive(String name, String v) {
            try {
                double d = Double.parseDouble(v);
                if (d > 0) {
                    return d;
                }
            } catch (NumberFormatException | NullPointerException e) {
                // below
            }
            throw new IllegalArgumentException(name + " needs a positive number, got " + v);
        }
    }
}
