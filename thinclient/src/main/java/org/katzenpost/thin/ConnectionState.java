package org.katzenpost.thin;

/**
 * Where a {@link ThinClient}'s connection stands, read with {@link ThinClient#connectionState()}.
 */
public enum ConnectionState {
    /** Not connected yet: {@link ThinClient#start()} has not completed its first handshake. */
    CONNECTING,
    /** The socket to kpclientd is up and kpclientd has a live link to the mixnet. */
    CONNECTED,
    /** The socket to kpclientd is up, but kpclientd has no link to the mixnet (offline mode); local calls work. */
    MIXNET_DOWN,
    /** The socket to kpclientd was lost after a handshake; the client is trying to reconnect. */
    RECONNECTING,
    /** {@link ThinClient#close()} or {@link ThinClient#disconnect()} was called, or the daemon is gone for good. */
    CLOSED
}
