/**
 * Typed, crash-safe group communication on Pigeonhole channels, kept in the {@code store} module's SQLite
 * {@code ChannelStore}: {@link org.katzenpost.groups.EventChannel} carries application events on one stream,
 * {@link org.katzenpost.groups.GroupChannel} gives each member a stream of their own and reads everyone else's,
 * {@link org.katzenpost.groups.Introduction} is how a member joins, {@link org.katzenpost.groups.GroupChat} and
 * {@link org.katzenpost.groups.MeetingPoll} are built on them. After a crash or a restart a program opens its
 * groups again and continues where it stopped. See docs/groups.md.
 *
 * <p>Null arguments: unless a parameter's documentation says it may be null, a null argument throws
 * {@link java.lang.NullPointerException}, whether or not the method lists it (docs/api.md §1).
 */
package org.katzenpost.groups;
