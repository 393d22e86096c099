/** CBOR encoding and decoding of plain Java values, for application payloads ({@link org.katzenpost.thin.cbor.Cbor}). */
package org.katzenpost.thin.cbor;
