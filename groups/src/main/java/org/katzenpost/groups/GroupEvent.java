package org.katzenpost.groups;

/**
 * An event received in a group.
 *
 * @param sender who wrote it
 * @param senderName the sender's display name (from their introduction)
 * @param event the event
 * @param <E> the event type
 */
public record GroupEvent<E>(MemberId sender, String senderName, E event) {
    /** Shows the sender and the event's type, not its content (which may be secret). */
    @Override
    public String toString() {
        return "GroupEvent[" + sender + ", " + (event == null ? "null" : event.getClass().getSimpleName()) + "]";
    }
}
