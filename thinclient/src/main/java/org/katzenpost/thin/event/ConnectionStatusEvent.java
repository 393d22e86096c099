package org.katzenpost.thin.event;

import org.katzenpost.thin.PigeonholeGeometry;
import org.katzenpost.thin.SphinxGeometry;

/**
 * The daemon's link to the mixnet went up or down. {@code mixnetConnected == false} is offline mode: local operations work,
 * mixnet sends are refused.
 *
 * @param mixnetConnected whether kpclientd is connected to the mixnet (not whether this client is connected to
 *     kpclientd: that is {@code ThinClient.isDaemonConnected()})
 * @param instanceTokenHex identifies the daemon process; it changes when kpclientd restarts
 * @param sphinxGeometry the mixnet's packet geometry; null when the daemon sent none (daemons older than v0.0.76)
 * @param pigeonholeGeometry the Pigeonhole box geometry; null when the daemon sent none
 */
public record ConnectionStatusEvent(boolean mixnetConnected, String instanceTokenHex, SphinxGeometry sphinxGeometry,
        PigeonholeGeometry pigeonholeGeometry) implements ThinClientEvent {}
