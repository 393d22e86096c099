package org.katzenpost.thin.event;

import org.katzenpost.thin.pki.PkiDocument;

/** The daemon has a new consensus document (at most once per epoch; an empty payload is not reported). */
public record NewPkiDocumentEvent(PkiDocument document) implements ThinClientEvent {}
