package org.katzenpost.thin.event;

import org.katzenpost.thin.PigeonholeGeometry;
import org.katzenpost.thin.SphinxGeometry;

/**
 * The daemon's link to the mixnet went up or down. {@code connected == false} is offline mode: local
 * operations work, mixnet sends are refused.
 *
 * @param instanceTokenHex identifies the daemon process; it changes when kpclientd restarts
 */
public record ConnectionStatusEvent(boolean connected, String instanceTokenHex, SphinxGeometry sphinxGeometry,
        PigeonholeGeometry pigeonholeGeometry) implements ThinClientEvent {}
