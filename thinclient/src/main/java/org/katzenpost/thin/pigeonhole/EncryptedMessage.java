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
        READ,
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

    /** A read query for the box at {@code boxIndex} of the stream of {@code readCap}, e.g. restored from storage. */
    public static EncryptedMessage forRead(ReadCap readCap, MessageBoxIndex boxIndex, byte[] ciphertext,
            EnvelopeDescriptor envelopeDescriptor, EnvelopeHash envelopeHash, MessageBoxIndex nextIndex) {
        return new EncryptedMessage(Kind.READ, Objects.requireNonNull(readCap, "readCap"), null, boxIndex,
                ciphertext, envelopeDescriptor, envelopeHash, nextIndex);
    }

    /** A write of the box at {@code boxIndex} of the stream of {@code writeCap}, e.g. restored from storage. */
    public static EncryptedMessage forWrite(WriteCap writeCap, MessageBoxIndex boxIndex, byte[] ciphertext,
            EnvelopeDescriptor envelopeDescriptor, EnvelopeHash envelopeHash, MessageBoxIndex nextIndex) {
        return new EncryptedMessage(Kind.WRITE, null, Objects.requireNonNull(writeCap, "writeCap"), boxIndex,
                ciphertext, envelopeDescriptor, envelopeHash, nextIndex);
    }

    public Kind kind() {
        return kind;
    }

    public boolean isRead() {
        return kind == Kind.READ;
    }

    public boolean isWrite() {
        return kind == Kind.WRITE;
    }

    /** The read cap, for reads. */
    public Optional<ReadCap> readCap() {
        return Optional.ofNullable(readCap);
    }

    /** The write cap, for writes. */
    public Optional<WriteCap> writeCap() {
        return Optional.ofNullable(writeCap);
    }

    /** The index of the box this message reads or writes. */
    public MessageBoxIndex boxIndex() {
        return boxIndex;
    }

    /** A copy of the encrypted courier query ({@code message_ciphertext}). */
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    byte[] rawCiphertext() {
        return ciphertext;
    }

    public EnvelopeDescriptor envelopeDescriptor() {
        return envelopeDescriptor;
    }

    public EnvelopeHash envelopeHash() {
        return envelopeHash;
    }

    /** The index after {@link #boxIndex()}: where the next read or write of this stream goes. */
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
