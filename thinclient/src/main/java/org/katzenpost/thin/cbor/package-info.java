/** CBOR encoding and decoding of plain Java values, for application payloads ({@link org.katzenpost.thin.cbor.Cbor}). *
 * <p>Null arguments: unless a parameter's documentation says it may be null, a null argument throws
 * {@link java.lang.NullPointerException}, whether or not the method lists it (docs/api.md §1).
 */
package org.katzenpost.thin.cbor;
