package dev.ferry.cli;

import java.util.Locale;

/**
 * The global {@code --enc}/{@code --encoding} of one command line: {@code text} (the default) or {@code json}. One
 * instance per run, shared by the root command (which sets it, wherever on the line the option stands) and the
 * commands that have a JSON form (which read it).
 */
final class OutputEncoding {
    static final String TEXT = "text";
    static final String JSON = "json";

    private String value = TEXT;

    /** Sets the encoding; anything but text or json (any case) is refused with a message naming both. */
    void set(String given) {
        String v = given == null ? "" : given.toLowerCase(Locale.ROOT);
        if (!v.equals(TEXT) && !v.equals(JSON)) {
            throw new IllegalArgumentException("--enc must be text or json, not '" + given + "'");
        }
        value = v;
    }

    String value() {
        return value;
    }

    boolean json() {
        return value.equals(JSON);
    }

    /** One JSON value on one line, as Kubo's CLI prints an RPC answer with {@code --enc=json}. */
    static void println(FerryCli.CliEnv env, Object value) {
        env.out().println(Json.compact(value));
    }
}
