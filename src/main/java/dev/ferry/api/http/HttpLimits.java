package dev.ferry.api.http;

/**
 * Bounds on what a caller may send to the JDK HTTP server, applied before the first server of the process is made
 * (the server reads them once). The JDK's own defaults allow 380 KiB of headers; IPFS requests need far less.
 * A value the user set with {@code -D} is kept.
 */
public final class HttpLimits {
    /** Total size of a request's header block, request line included. */
    public static final int MAX_HEADER_BYTES = 64 * 1024;
    public static final int MAX_HEADERS = 100;
    public static final int MAX_CONNECTIONS = 1024;

    private HttpLimits() {}

    public static void install() {
        setIfAbsent("sun.net.httpserver.maxReqHeaderSize", Integer.toString(MAX_HEADER_BYTES));
        setIfAbsent("sun.net.httpserver.maxReqHeaders", Integer.toString(MAX_HEADERS));
        setIfAbsent("jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS));
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
