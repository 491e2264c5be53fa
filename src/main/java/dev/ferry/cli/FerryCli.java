package dev.ferry.cli;

/** Placeholder replaced by the picocli root command. */
public final class FerryCli {
    private FerryCli() {}

    public static int run(String[] args) {
        return 0;
    }
}
