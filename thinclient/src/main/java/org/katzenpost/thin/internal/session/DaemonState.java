package org.katzenpost.thin.internal.session;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.katzenpost.thin.PigeonholeGeometry;
import org.katzenpost.thin.SphinxGeometry;
import org.katzenpost.thin.pki.PkiDocument;

/**
 * What kpclientd has told this client: its link to the mixnet, its instance token, the geometries, whether it
 * resumed our session, and the PKI documents (the current one and a cache of recent epochs). Written by the
 * reader and the handshake, read by any thread.
 */
final class DaemonState {
    private static final int PKI_CACHE_EPOCHS = 8;

    private final Map<Long, PkiDocument> pkiByEpoch = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, PkiDocument> eldest) {
            return size() > PKI_CACHE_EPOCHS;
        }
    };

    volatile boolean mixnetConnected;
    /** The instance token of the last connection_status_event that had one, or null before the first. */
    volatile byte[] instanceToken;
    volatile SphinxGeometry sphinxGeometry;
    volatile PigeonholeGeometry pigeonholeGeometry;
    volatile boolean sessionResumed;
    private volatile PkiDocument currentDocument;

    Optional<PkiDocument> currentDocument() {
        return Optional.ofNullable(currentDocument);
    }

    /**
     * Makes {@code doc} current and caches it.
     *
     * @return true when its epoch differs from the previous current document's (kpclientd re-sends the epoch a
     *         client already has: each epoch is reported once)
     */
    boolean newDocument(PkiDocument doc) {
        cache(doc);
        PkiDocument previous = currentDocument;
        currentDocument = doc;
        return previous == null || previous.epoch() != doc.epoch();
    }

    Optional<PkiDocument> cached(long epoch) {
        synchronized (pkiByEpoch) {
            return Optional.ofNullable(pkiByEpoch.get(epoch));
        }
    }

    void cache(PkiDocument doc) {
        synchronized (pkiByEpoch) {
            pkiByEpoch.put(doc.epoch(), doc);
        }
    }
}
