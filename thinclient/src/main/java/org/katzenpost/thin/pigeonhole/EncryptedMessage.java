package org.katzenpost.thin.pigeonhole;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A read query or a box write, encrypted by {@code encrypt_read} / {@code encrypt_write} and ready to send with
 * {@link PigeonholeClient#startResendingEncryptedMessage}. It keeps everything the send needs: the capability
 * (the read cap of a read, the write cap of a write), the box index, the ciphertext, the envelope descriptor
 * (secret: it decrypts the reply) and the envelope hash (the id that cancels the send).
 *
 * <p>The ciphertext is encrypted to the replicas of the PKI epoch it was made in; a couple of epochs later the
 * courier rejects it (thin code 32) and it must be encrypted again. Immutable; {@link #toString()} shows no
 * secrets.
 */
public final class EncryptedMessage {
    /** Whether the message reads a box or writes one. */
    public enum Kind {
        /** A read query: the reply carries the box content. */
        READ,
        /** A box write: the reply only confirms it. */
        WRITE
    }

    private final Kind kind;
    private final ReadCap readCap;
    private final WriteCap writeCap;
    private final MessageBoxIndex boxIndex;
    private final byte[] ciphertext;
    private final EnvelopeDescriptor envelopeDescriptor;
    private final EnvelopeHash envelopeHash;
    private final MessageBoxIndex nextIndex;

    private EncryptedMessage(Kind kind, ReadCap readCap, WriteCap writeCap, MessageBoxIndex boxIndex,
            byte[] ciphertext, EnvelopeDescriptor envelopeDescriptor, EnvelopeHash envelopeHash,
            MessageBoxIndex nextIndex) {
        this.kind = kind;
        this.readCap = readCap;
        this.writeCap = writeCap;
        this.boxIndex = Objects.requireNonNull(boxIndex, "boxIndex");
        Objects.requireNonNull(ciphertext, "ciphertext");
        if (ciphertext.length == 0) {
            throw new IllegalArgumentException("ciphertext must not be empty");
        }
        this.ciphertext = ciphertext.clone();
        this.envelopeDescriptor = Objects.requireNonNull(envelopeDescriptor, "envelopeDescriptor");
        this.envelopeHash = Objects.requireNonNull(envelopeHash, "envelopeHash");
        this.nextIndex = Objects.requireNonNull(nextIndex, "nextIndex");
    }

    /**
     * A read query for the box at {@code boxIndex} of the stream of {@code readCap}, for example restored from
     * storage.
     *
     * @param readCap the stream's read capability
     * @param boxIndex the index of the box
     * @param ciphertext the encrypted courier query ({@code message_ciphertext}); copied, not empty
     * @param envelopeDescriptor the secret that decrypts the reply
     * @param envelopeHash the envelope's id, which cancels the send
     * @param nextIndex the index after {@code boxIndex}
     * @return the message
     * @throws NullPointerException if any argument is null
     * @throws IllegalArgumentException if {@code ciphertext} is empty
     */
    public static EncryptedMessage forRead(ReadCap readCap, MessageBoxIndex boxIndex, byte[] ciphertext,
            EnvelopeDescriptor envelopeDescriptor, EnvelopeHash envelopeHash, MessageBoxIndex nextIndex) {
        return new EncryptedMessage(Kind.READ, Objects.requireNonNull(readCap, "readCap"), null, boxIndex,
                ciphertext, envelopeDescriptor, envelopeHash, nextIndex);
    }

    /**
     * A write of the box at {@code boxIndex} of the stream of {@code writeCap}, for example restored from storage.
     *
     * @param writeCap the stream's write capability
     * @param boxIndex the index of the box
     * @param ciphertext the encrypted courier query ({@code message_ciphertext}); copied, not empty
     * @param envelopeDescriptor the secret that decrypts the reply
     * @param envelopeHash the envelope's id, which cancels the send
     * @param nextIndex the index after {@code boxIndex}
     * @return the message
     * @throws NullPointerException if any argument is null
     * @throws IllegalArgumentException if {@code ciphertext} is empty
     */
    public static EncryptedMessage forWrite(WriteCap writeCap, MessageBoxIndex boxIndex, byte[] ciphertext,
            EnvelopeDescriptor envelopeDescriptor, EnvelopeHash envelopeHash, MessageBoxIndex nextIndex) {
        return new EncryptedMessage(Kind.WRITE, null, Objects.requireNonNull(writeCap, "writeCap"), boxIndex,
                ciphertext, envelopeDescriptor, envelopeHash, nextIndex);
    }

    /**
     * Whether the message reads a box or writes one.
     *
     * @return {@link Kind#READ} or {@link Kind#WRITE}
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Whether the message reads a box.
     *
     * @return true for {@link Kind#READ}
     */
    public boolean isRead() {
        return kind == Kind.READ;
    }

    /**
     * Whether the message writes a box.
     *
     * @return true for {@link Kind#WRITE}
     */
    public boolean isWrite() {
        return kind == Kind.WRITE;
    }

    /**
     * The capability of the stream that is read.
     *
     * @return the read cap of a read; empty for a write
     */
    public Optional<ReadCap> readCap() {
        return Optional.ofNullable(readCap);
    }

    /**
     * The capability of the stream that is written.
     *
     * @return the write cap of a write; empty for a read
     */
    public Optional<WriteCap> writeCap() {
        return Optional.ofNullable(writeCap);
    }

    /**
     * The box this message reads or writes.
     *
     * @return its index
     */
    public MessageBoxIndex boxIndex() {
        return boxIndex;
    }

    /**
     * The encrypted courier query ({@code message_ciphertext}).
     *
     * @return a fresh copy
     */
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    byte[] rawCiphertext() {
        return ciphertext;
    }

    /**
     * The secret that decrypts the reply; keep it with the message when storing it.
     *
     * @return the descriptor
     */
    public EnvelopeDescriptor envelopeDescriptor() {
        return envelopeDescriptor;
    }

    /**
     * The envelope's id: it names the send to {@link PigeonholeClient#cancelResendingEncryptedMessage}.
     *
     * @return the hash
     */
    public EnvelopeHash envelopeHash() {
        return envelopeHash;
    }

    /**
     * Where the next read or write of this stream goes.
     *
     * @return the index after {@link #boxIndex()}
     */
    public MessageBoxIndex nextIndex() {
        return nextIndex;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EncryptedMessage)) {
            return false;
        }
        EncryptedMessage m = (EncryptedMessage) o;
        return kind == m.kind && Objects.equals(readCap, m.readCap) && Objects.equals(writeCap, m.writeCap)
                && boxIndex.equals(m.boxIndex) && Arrays.equals(ciphertext, m.ciphertext)
                && envelopeDescriptor.equals(m.envelopeDescriptor) && envelopeHash.equals(m.envelopeHash)
                && nextIndex.equals(m.nextIndex);
    }

    @Override
    public int hashCode() {
        return envelopeHash.hashCode();
    }

    @Override
    public String toString() {
        return "EncryptedMessage(" + kind + ", " + envelopeHash + ", " + ciphertext.length + "-byte ciphertext)";
    }
}
