package org.katzenpost.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.pigeonhole.EncryptedMessage;
import org.katzenpost.thin.pigeonhole.Keypair;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.pigeonhole.ResendResult;
import org.katzenpost.thin.pigeonhole.ResendingCancelledException;
import org.katzenpost.thin.pigeonhole.WriteCapHash;

/**
 * Cancelling a resend on the real kpclientd v0.0.99: a read of a box nobody writes keeps the daemon's ARQ resending
 * (box not found is retried by default); {@code cancel_resending_encrypted_message} must fail the start future
 * with {@link ResendingCancelledException} and stop the daemon's resends. The proof that it stopped is kpclientd's
 * own DEBUG log, whose resend lines name the envelope hash ({@code Pigeonhole ARQ resend (attempt N) for
 * EnvelopeHash <hex>}): there is at least one before the cancel and none for twice the measured resend interval
 * after it. The copy command's cancel is checked the same way (by its write-cap hash). docs/integration.md.
 */
@RequiresTestnet
class ResendCancelIT {
    private static final Duration DEADLINE = Duration.ofMinutes(5);
    private static final Duration MIN_QUIET = Duration.ofSeconds(20);

    private static Path log;
    private static ThinClient client;
    private static PigeonholeClient pigeonhole;

    @BeforeAll
    static void connect() {
        Path cfg = Testnet.proxiedConfigPath();
        log = Testnet.kpclientdLog(cfg);
        client = ThinClient.connect(Testnet.config(cfg).build());
        client.sync().awaitPkiDocument(Duration.ofMinutes(3));
        pigeonhole = client.pigeonhole().withTimeout(DEADLINE);
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void cancellingAResendingReadFailsItsFutureAndStopsTheDaemonsResends() throws Exception {
        requireDaemonLog();
        Keypair stream = pigeonhole.sync().newKeypair(PigeonholeClient.randomSeed());
        EncryptedMessage q = pigeonhole.sync().encryptRead(stream.readCap(), stream.firstIndex());
        String hash = HexFormat.of().formatHex(q.envelopeHash().toBytes());
        String resendLine = "Pigeonhole ARQ resend (attempt ";
        long offset = Files.size(log);

        long t0 = System.nanoTime();
        CompletableFuture<ResendResult> read = pigeonhole.withTimeout(DEADLINE).startResendingEncryptedMessage(q);
        // The daemon is resending: two resends of our envelope (so that their interval is known).
        eventually(Duration.ofMinutes(4), () -> linesAfter(offset, resendLine, hash).size() >= 2);
        List<Long> before = resendTimes(offset, resendLine, hash);
        Figures.printMs("resend_cancel.two_resends", t0, System.nanoTime());
        assertThat(read).as("a read of a box nobody writes is still running").isNotDone();

        long cancelOffset = Files.size(log);
        long c0 = System.nanoTime();
        pigeonhole.sync().withTimeout(Duration.ofMinutes(1)).cancelResendingEncryptedMessage(q.envelopeHash());
        Throwable t = catchThrowable(() -> read.get(1, TimeUnit.MINUTES));
        Figures.printMs("resend_cancel.cancel_to_failed_future", c0, System.nanoTime());
        assertThat(t).isInstanceOf(ExecutionException.class);
        assertThat(t.getCause()).isInstanceOf(ResendingCancelledException.class);
        assertThat(((ResendingCancelledException) t.getCause()).code())
                .isEqualTo(org.katzenpost.thin.ThinErrorCode.START_RESENDING_CANCELLED);
        assertThat(linesAfter(cancelOffset, "cancelResendingEncryptedMessage: Sending cancellation", ""))
                .as("the daemon found the operation and ended it").isNotEmpty();

        // The daemon stopped: no resend of our envelope for twice the interval it was resending at.
        long interval = Math.max(1, before.get(before.size() - 1) - before.get(before.size() - 2));
        Duration quiet = Duration.ofMillis(Math.max(MIN_QUIET.toMillis(), 2 * interval));
        Figures.print("resend_cancel.resend_interval_ms", interval);
        // watching for something that must not happen: the condition must hold for the whole window (a resend makes
        // it false for good, and the wait then fails at its atMost)
        org.awaitility.Awaitility.await("no resend after the cancel").during(quiet).atMost(quiet.plusSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> linesAfter(cancelOffset, resendLine, hash).isEmpty());
    }

    @Test
    void cancellingACopyCommandFailsItsFuture() throws Exception {
        requireDaemonLog();
        // A copy command for a temporary stream nobody wrote: the courier has nothing to copy, so the daemon keeps
        // the command going until it is cancelled or its deadline.
        Keypair temp = pigeonhole.sync().newKeypair(PigeonholeClient.randomSeed());
        String writeCapHash = HexFormat.of().formatHex(WriteCapHash.of(temp.writeCap()).toBytes());
        long offset = Files.size(log);
        CompletableFuture<Void> copy = pigeonhole.startResendingCopyCommand(temp.writeCap());
        eventually(Duration.ofMinutes(1), () -> !linesAfter(offset, "startResendingCopyCommand: Sending copy command",
                writeCapHash).isEmpty());
        if (copy.isDone()) {
            // the courier answered first: nothing left to cancel; report what it said
            Throwable early = catchThrowable(copy::join);
            throw new org.opentest4j.TestAbortedException("the copy command finished before the cancel: " + early);
        }
        long cancelOffset = Files.size(log);
        pigeonhole.sync().withTimeout(Duration.ofMinutes(1)).cancelResendingCopyCommand(temp.writeCap().hash());
        Throwable t = catchThrowable(() -> copy.get(1, TimeUnit.MINUTES));
        assertThat(t).isInstanceOf(ExecutionException.class);
        assertThat(t.getCause()).isInstanceOf(ResendingCancelledException.class);
        assertThat(linesAfter(cancelOffset, "cancelResendingCopyCommand: Sending cancellation", ""))
                .as("the daemon found the copy command and ended it").isNotEmpty();
    }

    /** Lines of kpclientd's log after byte {@code offset} that contain both strings. */
    private static List<String> linesAfter(long offset, String what, String also) {
        try {
            byte[] all = Files.readAllBytes(log);
            String text = new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                    StandardCharsets.UTF_8);
            return text.lines().filter(l -> l.contains(what) && l.contains(also)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Milliseconds of day (from the log's HH:MM:SS.mmm prefix) of each matching line. */
    private static List<Long> resendTimes(long offset, String what, String also) {
        return linesAfter(offset, what, also).stream().map(l -> {
            String[] hms = l.substring(0, 12).split("[:.]");
            return ((Long.parseLong(hms[0]) * 60 + Long.parseLong(hms[1])) * 60 + Long.parseLong(hms[2])) * 1000
                    + Long.parseLong(hms[3]);
        }).toList();
    }

    /** The checks read kpclientd's log: without it they cannot run, which fails when the testnet is required. */
    private static void requireDaemonLog() {
        if (!Files.isRegularFile(log)) {
            TestnetCondition.cannotRun("no kpclientd log at " + log + " (scripts/testnet up writes one per kpclientd)");
        }
    }

    private static void eventually(Duration within, BooleanSupplier condition) throws InterruptedException {
        org.awaitility.Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(200))
                .until(condition::getAsBoolean);
    }
}
