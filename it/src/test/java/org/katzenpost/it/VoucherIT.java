package org.katzenpost.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.katzenpost.thin.DaemonErrorException;
import org.katzenpost.thin.ThinClient;
import org.katzenpost.thin.ThinErrorCode;
import org.katzenpost.thin.pigeonhole.EncryptedMessage;
import org.katzenpost.thin.pigeonhole.Keypair;
import org.katzenpost.thin.pigeonhole.MessageBoxIndex;
import org.katzenpost.thin.pigeonhole.MintedVoucher;
import org.katzenpost.thin.pigeonhole.OpenedVoucher;
import org.katzenpost.thin.pigeonhole.PigeonholeClient;
import org.katzenpost.thin.pigeonhole.ReadCap;
import org.katzenpost.thin.pigeonhole.Voucher;
import org.katzenpost.thin.pigeonhole.VoucherInduction;
import org.katzenpost.thin.pigeonhole.VoucherStream;
import org.katzenpost.thin.pigeonhole.WriteCap;

/**
 * The contact-voucher calls of the real kpclientd v0.0.99, end to end through the replicas: Alice (the joiner,
 * her own connection) mints a voucher and writes its payload to box 0 of the voucher stream; Bob (the inductor,
 * another connection) derives the stream from the voucher alone, reads the payload, inducts Alice and writes the
 * sealed reply to box 1; Alice reads and opens it. The mutated caps they end up with then carry a message from
 * Alice to Bob.
 */
@RequiresTestnet
class VoucherIT {
    private static final Duration READ_DEADLINE = Duration.ofMinutes(4);

    private static ThinClient alice;
    private static ThinClient bob;
    private static PigeonholeClient pa;
    private static PigeonholeClient pb;

    @BeforeAll
    static void connect() {
        alice = ThinClient.connect(Testnet.config().build());
        bob = ThinClient.connect(Testnet.config().build());
        alice.sync().awaitPkiDocument(Duration.ofMinutes(3));
        bob.sync().awaitPkiDocument(Duration.ofMinutes(3));
        pa = alice.pigeonhole().withTimeout(Duration.ofMinutes(5));
        pb = bob.pigeonhole().withTimeout(Duration.ofMinutes(5));
    }

    @AfterAll
    static void close() {
        if (alice != null) {
            alice.close();
        }
        if (bob != null) {
            bob.close();
        }
    }

    private static void write(PigeonholeClient ph, byte[] plaintext, WriteCap cap, MessageBoxIndex index) {
        EncryptedMessage m = ph.sync().encryptWrite(plaintext, cap, index);
        ph.sync().startResendingEncryptedMessage(m);
    }

    private static byte[] read(PigeonholeClient ph, ReadCap cap, MessageBoxIndex index) {
        EncryptedMessage q = ph.sync().encryptRead(cap, index);
        return ph.sync().withTimeout(READ_DEADLINE).startResendingEncryptedMessage(q).requirePlaintext();
    }

    @Test
    void mintInductOpenAndDeriveThroughTheReplicas() {
        Keypair aliceStream = pa.sync().newKeypair(PigeonholeClient.randomSeed());

        // Alice mints and publishes her payload in box 0 of the voucher stream.
        MintedVoucher minted = Figures.time("voucher.mint", () -> pa.sync().voucherMint(aliceStream.writeCap(), "alice"));
        assertThat(minted.voucher().length()).isEqualTo(32);
        assertThat(minted.voucherPayload().length).isPositive().isLessThanOrEqualTo(pa.maxPlaintextPayloadLength());
        assertThat(minted.voucherWriteCap().readCap()).isEqualTo(minted.voucherReadCap());
        Figures.print("voucher.payload_bytes", minted.voucherPayload().length);
        write(pa, minted.voucherPayload(), minted.voucherWriteCap(), minted.firstIndex());

        // Bob gets only the voucher, as text, and finds the same stream.
        Voucher voucher = Voucher.fromBase64(minted.voucher().toBase64());
        VoucherStream stream = Figures.time("voucher.derive_stream", () -> pb.sync().voucherDeriveStream(voucher));
        assertThat(stream.readCap()).isEqualTo(minted.voucherReadCap());
        assertThat(stream.writeCap()).isEqualTo(minted.voucherWriteCap());
        byte[] payload = read(pb, stream.readCap(), stream.firstIndex());
        assertThat(payload).isEqualTo(minted.voucherPayload());

        // Bob inducts Alice and answers in box 1.
        byte[] whoReply = "bob's group: meet in #katzen".getBytes(StandardCharsets.UTF_8);
        VoucherInduction induction = Figures.time("voucher.induct", () -> pb.sync().voucherInduct(voucher, payload, whoReply));
        assertThat(induction.displayName()).isEqualTo("alice");
        assertThat(induction.salt()).hasSize(32);
        assertThat(induction.voucherWriteCap()).isEqualTo(stream.writeCap());
        assertThat(induction.voucherReadCap()).isEqualTo(stream.readCap());
        assertThat(induction.mutatedMessageReadCap()).isNotEqualTo(aliceStream.readCap());
        MessageBoxIndex box1 = pb.sync().nextMessageBoxIndex(stream.firstIndex());
        write(pb, induction.sealedReply(), stream.writeCap(), box1);

        // Alice reads the sealed reply and opens it.
        byte[] sealed = read(pa, minted.voucherReadCap(), pa.sync().nextMessageBoxIndex(minted.firstIndex()));
        assertThat(sealed).isEqualTo(induction.sealedReply());
        OpenedVoucher opened = Figures.time("voucher.open",
                () -> pa.sync().voucherOpen(minted.voucherSecretKey(), sealed, aliceStream.writeCap()));
        assertThat(opened.whoReply()).isEqualTo(whoReply);
        assertThat(opened.salt()).isEqualTo(induction.salt());
        assertThat(opened.mutatedMessageWriteCap()).isNotEqualTo(aliceStream.writeCap());
        assertThat(opened.mutatedMessageWriteCap().readCap())
                .as("both sides mutated the same stream by the same salt")
                .isEqualTo(induction.mutatedMessageReadCap());

        // The mutated caps work: Alice writes, Bob reads.
        byte[] hello = "hello from the new member".getBytes(StandardCharsets.UTF_8);
        WriteCap live = opened.mutatedMessageWriteCap();
        write(pa, hello, live, live.firstIndex());
        ReadCap bobsLive = induction.mutatedMessageReadCap();
        assertThat(read(pb, bobsLive, bobsLive.firstIndex())).isEqualTo(hello);
    }

    @Test
    void tamperedPayloadAndSealedReplyAreRefused() {
        Keypair aliceStream = pa.sync().newKeypair(PigeonholeClient.randomSeed());
        MintedVoucher minted = pa.sync().voucherMint(aliceStream.writeCap(), "mallory?");

        byte[] tampered = minted.voucherPayload();
        tampered[tampered.length / 2] ^= 1;
        Throwable t = catchThrowable(() -> pb.sync().voucherInduct(minted.voucher(), tampered, new byte[] {1}));
        assertThat(t).isInstanceOf(DaemonErrorException.class);
        Figures.print("voucher.tampered_payload_thin_code", ((DaemonErrorException) t).rawCode());
        assertThat(((DaemonErrorException) t).code()).isEqualTo(ThinErrorCode.VOUCHER_HASH_MISMATCH);

        VoucherInduction ok = pb.sync().voucherInduct(minted.voucher(), minted.voucherPayload(), new byte[] {1});
        byte[] badSeal = ok.sealedReply();
        badSeal[badSeal.length - 1] ^= 1;
        Throwable u = catchThrowable(() -> pa.sync().voucherOpen(minted.voucherSecretKey(), badSeal,
                aliceStream.writeCap()));
        assertThat(u).isInstanceOf(DaemonErrorException.class);
        Figures.print("voucher.tampered_seal_thin_code", ((DaemonErrorException) u).rawCode());
        assertThat(((DaemonErrorException) u).code()).isEqualTo(ThinErrorCode.VOUCHER_SEAL_OPEN_FAILED);
    }
}
