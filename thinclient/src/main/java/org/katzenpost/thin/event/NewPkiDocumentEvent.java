package org.katzenpost.thin.event;

import org.katzenpost.thin.pki.PkiDocument;

/**
 * The daemon has a new consensus document (at most once per epoch; an empty payload is not reported).
 *
 * @param document the parsed document, also returned by {@code ThinClient.pkiDocument()} from now on
 */
public record NewPkiDocumentEvent(PkiDocument document) implements ThinClientEvent {}
