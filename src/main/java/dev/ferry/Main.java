package dev.ferry;

/** Entry point: hands over to the command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(dev.ferry.cli.FerryCli.run(args));
    }
}
