package dev.ferry.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ferry version}. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Show ferry's version.")
final class VersionCommand implements Runnable {
    private final FerryCli.CliEnv env;

    VersionCommand(FerryCli.CliEnv env) {
        this.env = env;
    }

    static String version() {
        String v = VersionCommand.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-dev";
    }

    @Override
    public void run() {
        env.out().println("ferry version " + version());
    }

    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ferry version " + version()};
        }
    }
}
