package org.katzenpost.thin.internal.config;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The scalar values of {@link TomlReader} read from one token: integers, floats, dates and times. Pure functions of
 * the token's text; {@link TomlReader} finds the token and turns a refusal into a located error.
 */
final class TomlScalars {
    private TomlScalars() {}

    static boolean isTokenChar(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                || c == '_' || c == '+' || c == '-' || c == '.' || c == ':';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isLocalDate(String t) {
        return t.length() == 10 && t.charAt(4) == '-' && t.charAt(7) == '-' && allDigits(t, 0, 4)
                && allDigits(t, 5, 7) && allDigits(t, 8, 10);
    }

    static boolean allDigits(String t, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(t.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Matches {@code HH:MM:SS[.fraction]} at {@code from}; returns the end index, or -1. */
    private static int timeShape(String t, int from) {
        if (t.length() < from + 8 || !allDigits(t, from, from + 2) || t.charAt(from + 2) != ':'
                || !allDigits(t, from + 3, from + 5) || t.charAt(from + 5) != ':' || !allDigits(t, from + 6, from + 8)) {
            return -1;
        }
        int i = from + 8;
        if (i < t.length() && t.charAt(i) == '.') {
            int d = ++i;
            while (i < t.length() && isDigit(t.charAt(i))) {
                i++;
            }
            if (i == d) {
                return -1;
            }
        }
        return i;
    }

    /** A TOML integer or float, or null if the token is neither. */
    static Object number(String t) {
        switch (t) {
            case "inf", "+inf":
                return Double.POSITIVE_INFINITY;
            case "-inf":
                return Double.NEGATIVE_INFINITY;
            case "nan", "+nan", "-nan":
                return Double.NaN;
            default:
                break;
        }
        if (t.length() > 2 && t.charAt(0) == '0' && (t.charAt(1) == 'x' || t.charAt(1) == 'o' || t.charAt(1) == 'b')) {
            int radix = t.charAt(1) == 'x' ? 16 : t.charAt(1) == 'o' ? 8 : 2;
            String digits = digitsWithUnderscores(t, 2, radix);
            if (digits == null) {
                return null;
            }
            try {
                return Long.parseLong(digits, radix);
            } catch (NumberFormatException e) {
                throw new NumberRangeException();
            }
        }
        int i = 0;
        if (i < t.length() && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
            i++;
        }
        int intStart = i;
        int intEnd = endOfDecimalDigits(t, i);
        if (intEnd < 0 || intEnd == intStart) {
            return null;
        }
        if (t.charAt(intStart) == '0' && intEnd - intStart > 1) {
            return null; // leading zero
        }
        i = intEnd;
        boolean isFloat = false;
        if (i < t.length() && t.charAt(i) == '.') {
            int f = endOfDecimalDigits(t, i + 1);
            if (f < 0 || f == i + 1) {
                return null;
            }
            i = f;
            isFloat = true;
        }
        if (i < t.length() && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
            i++;
            if (i < t.length() && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
                i++;
            }
            int e = endOfDecimalDigits(t, i);
            if (e < 0 || e == i) {
                return null;
            }
            i = e;
            isFloat = true;
        }
        if (i != t.length()) {
            return null;
        }
        String plain = t.replace("_", "");
        if (isFloat) {
            // a finite literal that is not a finite double (or whose exponent alone is beyond any double) is
            // refused rather than read as infinity or zero
            int e = Math.max(plain.indexOf('e'), plain.indexOf('E'));
            String exponent = e < 0 ? "0" : plain.substring(e + 1).replaceFirst("^[+-]?0*", "");
            double d = Double.parseDouble(plain);
            if (exponent.length() > 9 || Double.isInfinite(d)) {
                throw new NumberRangeException();
            }
            return d;
        }
        try {
            return Long.parseLong(plain);
        } catch (NumberFormatException e) {
            throw new NumberRangeException();
        }
    }

    /** Decimal digits with single underscores between them, from {@code i}; the end index, or -1 if malformed. */
    private static int endOfDecimalDigits(String t, int i) {
        int start = i;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (isDigit(c)) {
                i++;
            } else if (c == '_' && i > start && isDigit(t.charAt(i - 1)) && i + 1 < t.length()
                    && isDigit(t.charAt(i + 1))) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    private static String digitsWithUnderscores(String t, int from, int radix) {
        StringBuilder b = new StringBuilder(t.length());
        for (int i = from; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '_') {
                if (i == from || i + 1 == t.length() || t.charAt(i + 1) == '_') {
                    return null;
                }
                continue;
            }
            if (Character.digit(c, radix) < 0 || c > 'f') {
                return null;
            }
            b.append(c);
        }
        return b.length() == 0 ? null : b.toString();
    }

    /** Thrown by {@link #number} for a number out of range; turned into a located error by the caller. */
    static final class NumberRangeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NumberRangeException() {
            super(null, null, false, false);
        }
    }

    /** Whether {@code t} is a valid TOML date, time, or date-time. */
    static boolean isDateTime(String t) {
        // TOML's forms are RFC 3339's, with the time's seconds required and the date or the offset optional
        boolean ok;
        try {
            if (isLocalDate(t)) {
                LocalDate.parse(t);
                ok = true;
            } else if (t.charAt(2) == ':') {
                ok = timeShape(t, 0) == t.length();
                if (ok) {
                    LocalTime.parse(t);
                }
            } else if (t.length() > 11 && isLocalDate(t.substring(0, 10)) && t.charAt(10) == 'T') {
                // lower-case t and z are RFC 3339, but Jackson, which read this file before, refused them
                int end = timeShape(t, 11);
                ok = end > 0;
                if (ok) {
                    String normal = t.substring(0, 10) + 'T' + t.substring(11);
                    if (end == t.length()) {
                        LocalDateTime.parse(normal);
                    } else {
                        String offset = t.substring(end);
                        ok = offset.equals("Z") || (offset.length() == 6
                                && (offset.charAt(0) == '+' || offset.charAt(0) == '-')
                                && allDigits(offset, 1, 3) && offset.charAt(3) == ':' && allDigits(offset, 4, 6)
                                && Integer.parseInt(offset.substring(1, 3)) <= 23
                                && Integer.parseInt(offset.substring(4, 6)) <= 59);
                        if (ok) {
                            OffsetDateTime.parse(normal);
                        }
                    }
                }
            } else {
                ok = false;
            }
        } catch (DateTimeParseException e) {
            ok = false;
        }
        return ok;
    }
}
