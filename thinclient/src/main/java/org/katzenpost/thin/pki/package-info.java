/**
 * The mixnet's consensus (PKI) document as kpclientd hands it to thin clients, and service discovery.
 *
 * <p>Start with {@link org.katzenpost.thin.pki.PkiDocument} (the document the daemon pushes, without
 * signatures) and {@link org.katzenpost.thin.pki.ServiceDescriptor} (a service such as {@code echo} or
 * {@code courier}, found by capability). {@link org.katzenpost.thin.pki.SignedPkiDocument} is the signed
 * consensus returned on request, {@link org.katzenpost.thin.pki.DirectoryAuthority} one of the authorities
 * that sign it, and {@link org.katzenpost.thin.pki.PkiDocuments} prints a document as text or JSON. Layouts:
 * {@code docs/protocol.md#pki}.
 *
 * <p>Null arguments: unless a parameter's documentation says it may be null, a null argument throws
 * {@link java.lang.NullPointerException}, whether or not the method lists it (docs/api.md §1).
 */
package org.katzenpost.thin.pki;
