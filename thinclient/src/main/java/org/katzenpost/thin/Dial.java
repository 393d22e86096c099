package org.katzenpost.thin;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * Where kpclientd listens: the {@code [Dial]} table of {@code thinclient.toml}.
 *
 * <p>Every variant validates its arguments when constructed and throws {@link ConfigurationException}
 * with a message that names the bad value. Addresses are not secret, so {@code toString()} shows them; a
 * WebSocket URL's query and fragment may carry a token, so its {@code toString()} and messages leave them out.
 */
public sealed interface Dial permits Dial.Tcp, Dial.Unix, Dial.Ws {

    /**
     * TCP to {@code host:port} ({@code [v6]:port} for IPv6 literals), either address family.
     *
     * @param address {@code host:port} or {@code [v6]:port}; surrounding whitespace is ignored
     * @return the validated target
     * @throws ConfigurationException if the address is null, blank, or not {@code host:port} with a port in
     *         1..65535
     */
    static Dial.Tcp tcp(String address) {
        return new Tcp(address, Tcp.DEFAULT_NETWORK);
    }

    /**
     * TCP with an explicit network.
     *
     * @param address {@code host:port} or {@code [v6]:port}; surrounding whitespace is ignored
     * @param network {@code tcp} (either family), {@code tcp4} or {@code tcp6}; null or empty means
     *        {@code tcp}
     * @return the validated target
     * @throws ConfigurationException if the address is not {@code host:port} or the network is another word
     */
    static Dial.Tcp tcp(String address, String network) {
        return new Tcp(address, network);
    }

    /**
     * A Unix-domain stream socket. A path needs only the JDK; an abstract name needs junixsocket on the class
     * or module path (docs/protocol.md#transports).
     *
     * @param address a filesystem path, or {@code @name} for the Linux abstract namespace
     * @return the validated target
     * @throws ConfigurationException if the address is null, blank, contains a NUL character, or is an
     *         abstract name that is empty or longer than {@value Unix#MAX_ABSTRACT_NAME_BYTES} UTF-8 bytes
     */
    static Dial.Unix unix(String address) {
        return new Unix(address);
    }

    /**
     * A WebSocket URL (daemon v0.0.92 and later).
     *
     * @param url {@code ws://host:port/path} or {@code wss://...}; surrounding whitespace is ignored
     * @return the validated target
     * @throws ConfigurationException if the URL is null, blank, not a URL, not {@code ws}/{@code wss}, has no
     *         host, an invalid port, a {@code #fragment} or credentials ({@code user:password@})
     */
    static Dial.Ws ws(String url) {
        if (url == null || url.isBlank()) {
            throw new ConfigurationException("WebSocket dial address is empty");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            // neither the URL nor the JDK's message (which quotes it) is shown: it may hold credentials or a token
            throw new ConfigurationException("WebSocket dial address is not a valid URL: " + e.getReason()
                    + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
        }
        return new Ws(uri);
    }

    /**
     * The address as written in the configuration (stripped of surrounding whitespace for TCP).
     *
     * @return the address, never null
     */
    String address();

    /**
     * TCP dial target.
     *
     * @param address {@code host:port} or {@code [v6]:port}
     * @param network {@code tcp} (either family), {@code tcp4} or {@code tcp6}; null or empty means {@code tcp}
     */
    record Tcp(String address, String network) implements Dial {
        /** The network used when none is given: {@value}, either address family. */
        public static final String DEFAULT_NETWORK = "tcp";

        /**
         * Validates and normalises the target.
         *
         * @param address {@code host:port} or {@code [v6]:port}; surrounding whitespace is removed
         * @param network {@code tcp}, {@code tcp4} or {@code tcp6}; null or empty becomes {@code tcp}
         * @throws ConfigurationException if the address is not {@code host:port} with a port in 1..65535, or
         *         the network is not {@code tcp}, {@code tcp4} or {@code tcp6}
         */
        public Tcp {
            if (network == null || network.isEmpty()) {
                network = DEFAULT_NETWORK;
            }
            if (!network.equals("tcp") && !network.equals("tcp4") && !network.equals("tcp6")) {
                throw new ConfigurationException(
                        "TCP network \"" + network + "\" is not one of tcp, tcp4, tcp6");
            }
            if (address == null || address.isBlank()) {
                throw new ConfigurationException("TCP dial address is empty (expected host:port)");
            }
            address = address.strip();
            split(address); // validates
        }

        /**
         * The host part, without IPv6 brackets.
         *
         * @return a host name or address literal; empty means the local system
         */
        public String host() {
            return split(address)[0];
        }

        /**
         * The port.
         *
         * @return 1..65535
         */
        public int port() {
            return Integer.parseInt(split(address)[1]);
        }

        // Loops, not streams: a process's first stream pipeline sets up dozens of the JDK's classes, and this runs
        // on every connect (docs/performance.md, "CLI start-up").
        private static boolean hasWhitespace(String s) {
            for (int i = 0; i < s.length(); i++) {
                if (Character.isWhitespace(s.charAt(i))) {
                    return true;
                }
            }
            return false;
        }

        private static boolean allDigits(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
            }
            return true;
        }

        private static String[] split(String address) {
            String host;
            String port;
            if (address.startsWith("[")) {
                int close = address.indexOf(']');
                if (close < 0) {
                    throw badTcp(address, "missing ']' after the IPv6 address");
                }
                host = address.substring(1, close);
                String rest = address.substring(close + 1);
                if (!rest.startsWith(":")) {
                    throw badTcp(address, "missing \":port\" after ']'");
                }
                port = rest.substring(1);
                if (host.isEmpty()) {
                    throw badTcp(address, "empty IPv6 address in brackets");
                }
            } else {
                int colon = address.lastIndexOf(':');
                if (colon < 0) {
                    throw badTcp(address, "missing \":port\"");
                }
                host = address.substring(0, colon);
                port = address.substring(colon + 1);
                if (host.indexOf(':') >= 0) {
                    throw badTcp(address, "IPv6 addresses must be written in brackets, e.g. [::1]:64331");
                }
            }
            if (host.indexOf('[') >= 0 || host.indexOf(']') >= 0 || hasWhitespace(host)) {
                throw badTcp(address, "invalid host \"" + host + "\"");
            }
            if (port.isEmpty() || port.length() > 5 || !allDigits(port)) {
                throw badTcp(address, "port \"" + port + "\" is not a number");
            }
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                throw badTcp(address, "port " + p + " is outside 1..65535");
            }
            return new String[] {host, Integer.toString(p)};
        }

        private static ConfigurationException badTcp(String address, String why) {
            return new ConfigurationException("TCP dial address \"" + address + "\" is not host:port: " + why);
        }

        @Override
        public String toString() {
            return network + " " + address;
        }
    }

    /**
     * Unix-domain stream socket.
     *
     * @param address a filesystem path, or {@code @name} for the Linux abstract namespace
     */
    record Unix(String address) implements Dial {
        /**
         * Longest abstract name in UTF-8 bytes, {@value}: {@code sun_path} is 108 bytes and the first one is the
         * NUL marker.
         */
        public static final int MAX_ABSTRACT_NAME_BYTES = 107;

        /**
         * Validates the address.
         *
         * @param address a filesystem path, or {@code @name} for the Linux abstract namespace
         * @throws ConfigurationException if the address is null, blank, contains a NUL character, or is an
         *         abstract name that is empty or longer than {@value #MAX_ABSTRACT_NAME_BYTES} bytes
         */
        public Unix {
            if (address == null || address.isEmpty()) {
                throw new ConfigurationException("Unix dial address is empty (expected a socket path or @name)");
            }
            if (address.indexOf('\0') >= 0) {
                throw new ConfigurationException("Unix dial address contains a NUL character; "
                        + "write an abstract-namespace name as @name");
            }
            if (address.startsWith("@")) {
                int len = address.substring(1).getBytes(StandardCharsets.UTF_8).length;
                if (len == 0) {
                    throw new ConfigurationException("Unix dial address \"@\" has an empty abstract name");
                }
                if (len > MAX_ABSTRACT_NAME_BYTES) {
                    throw new ConfigurationException("Unix abstract name \"" + address + "\" is " + len
                            + " bytes; at most " + MAX_ABSTRACT_NAME_BYTES + " are allowed");
                }
            } else if (address.isBlank()) {
                throw new ConfigurationException("Unix dial address is blank");
            }
        }

        /**
         * Whether this is a Linux abstract-namespace address.
         *
         * @return true for {@code @name}, false for a filesystem path
         */
        public boolean isAbstract() {
            return address.startsWith("@");
        }

        /**
         * The abstract name without the leading {@code @}.
         *
         * @return the name, never empty
         * @throws IllegalStateException if this is a filesystem path ({@link #isAbstract()} is false)
         */
        public String abstractName() {
            if (!isAbstract()) {
                throw new IllegalStateException(address + " is not an abstract-namespace address");
            }
            return address.substring(1);
        }

        @Override
        public String toString() {
            return "unix " + address;
        }
    }

    /**
     * WebSocket dial target (daemon v0.0.92 and later).
     *
     * <p>Its {@code toString()} and the messages about it show the URL without its query and fragment (a
     * {@code ?…} in their place), which may carry an access token; {@link #address()} and {@link #url()} give
     * it whole.
     *
     * @param url {@code ws://} or {@code wss://} URL with a host and no credentials
     */
    record Ws(URI url) implements Dial {
        /**
         * Validates the URL.
         *
         * @param url {@code ws://} or {@code wss://} URL with a host and no credentials
         * @throws NullPointerException if {@code url} is null
         * @throws ConfigurationException if the scheme is not {@code ws}/{@code wss}, or the URL has no host,
         *         credentials ({@code user:password@}, which would end up in logs and messages), an invalid
         *         port or a {@code #fragment}
         */
        public Ws {
            Objects.requireNonNull(url, "url");
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("ws") && !scheme.equals("wss")) {
                throw new ConfigurationException("WebSocket dial address \"" + shown(url)
                        + "\" must start with ws:// or wss://");
            }
            String authority = url.getRawAuthority();
            if (authority != null && authority.indexOf('@') >= 0) {
                throw new ConfigurationException("WebSocket dial address \"" + shown(url)
                        + "\" must not have credentials (user:password@)");
            }
            if (url.getHost() == null || url.getHost().isEmpty()) {
                throw new ConfigurationException("WebSocket dial address \"" + shown(url) + "\" has no host");
            }
            if (url.getFragment() != null) {
                throw new ConfigurationException("WebSocket dial address \"" + shown(url)
                        + "\" must not have a #fragment");
            }
            if (url.getPort() == 0 || url.getPort() > 65535) {
                throw new ConfigurationException("WebSocket dial address \"" + shown(url)
                        + "\" has an invalid port");
            }
        }

        @Override
        public String address() {
            return url.toString();
        }

        @Override
        public String toString() {
            return "websocket " + shown(url);
        }

        /** {@code u} without credentials, query and fragment (each a secret it may carry): for messages. */
        private static String shown(URI u) {
            StringBuilder b = new StringBuilder();
            if (u.getScheme() != null) {
                b.append(u.getScheme()).append(':');
            }
            if (u.isOpaque()) {
                return b.append('\u2026').toString();
            }
            String authority = u.getRawAuthority();
            if (authority != null) {
                b.append("//").append(authority.substring(authority.lastIndexOf('@') + 1));
            }
            if (u.getRawPath() != null) {
                b.append(u.getRawPath());
            }
            if (u.getRawQuery() != null) {
                b.append("?\u2026");
            }
            if (u.getRawFragment() != null) {
                b.append("#\u2026");
            }
            return b.toString();
        }
    }
}
