package org.katzenpost.testkit;

/**
 * Points in kpclientd's handshake (docs/protocol.md#handshake) at which a {@link ConnectionScript} can act.
 *
 * <pre>
 *   accept ── BEFORE_F1 ── F1 connection_status_event ── AFTER_F1 ── F2 new_pki_document_event ── AFTER_F2
 *   … client sends session_token ── AFTER_TOKEN ── (buffered replies) session_token_reply ── AFTER_TOKEN_REPLY
 * </pre>
 *
 * With {@link ConnectionScript.Builder#pkiFirst()} the two frames swap places, but {@code AFTER_F1} still means
 * "right after the connection_status_event frame" and {@code AFTER_F2} "right after the PKI frame".
 */
public enum HandshakeStep {
    /** Right after accepting, before anything is written. */
    BEFORE_F1,
    /** Right after the {@code connection_status_event} frame. */
    AFTER_F1,
    /** Right after the {@code new_pki_document_event} frame. */
    AFTER_F2,
    /** The client's {@code session_token} was read; nothing answered yet. */
    AFTER_TOKEN,
    /** Right after the {@code session_token_reply} frame. */
    AFTER_TOKEN_REPLY
}
