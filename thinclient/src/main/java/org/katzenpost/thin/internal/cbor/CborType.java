package org.katzenpost.thin.internal.cbor;

/** The kind of the next data item, as far as a decoder of this protocol cares. */
public enum CborType {
    UNSIGNED, NEGATIVE, BYTES, TEXT, ARRAY, MAP, TAG, FALSE, TRUE, NULL, UNDEFINED, SIMPLE, FLOAT, BREAK;

    /** The kind of the item that starts with initial byte {@code ib} (0 to 255). */
    static CborType of(int ib) {
        switch (ib >>> 5) {
            case 0: return UNSIGNED;
            case 1: return NEGATIVE;
            case 2: return BYTES;
            case 3: return TEXT;
            case 4: return ARRAY;
            case 5: return MAP;
            case 6: return TAG;
            default:
                switch (ib & 0x1F) {
                    case 20: return FALSE;
                    case 21: return TRUE;
                    case 22: return NULL;
                    case 23: return UNDEFINED;
                    case 25: case 26: case 27: return FLOAT;
                    case 31: return BREAK;
                    default: return SIMPLE;
                }
        }
    }
}
