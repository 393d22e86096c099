package org.katzenpost.groups;

/**
 * Turns application events into the bytes of one Pigeonhole box and back. {@link CborEventCodec} (records,
 * sealed hierarchies of records, enums) is the default; implement this for another format.
 *
 * @param <E> the event type
 */
public interface EventCodec<E> {
    /**
     * Encodes one event.
     *
     * @param event the event (not null)
     * @return its bytes (not empty: an empty box is a tombstone)
     * @throws IllegalArgumentException if the event cannot be encoded
     */
    byte[] encode(E event);

    /**
     * Decodes one event.
     *
     * @param bytes what {@link #encode} produced, possibly by another program or version
     * @return the event
     * @throws EventFormatException if the bytes are not an event of this type
     */
    E decode(byte[] bytes);
}
