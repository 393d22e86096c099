package org.katzenpost.store;

/** A channel this store reads. {@code nextIndex} is the next box to read; every box before it is stored. */
public record ReadChannel(String name, byte[] readCap, byte[] firstIndex, byte[] nextIndex) {
    @Override
    public String toString() {
        return "ReadChannel[" + name + ", readCap=" + Records.redacted(readCap) + "]";
    }
}
