package dev.ferry.cli;

import dev.ferry.multiformats.Multibase;
import dev.ferry.multiformats.MultiformatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry multibase encode|decode|transcode|list}, as Kubo's {@code ipfs multibase}: the data comes from a file,
 * or stdin when none is named or the name is {@code -}; the answer is written as it is, without a newline. They use
 * no repository and no daemon, so they always compute here.
 */
@Command(name = "multibase", mixinStandardHelpOptions = true,
        description = "Encode and decode files or stdin with multibase format.",
        subcommands = {MultibaseCommand.Encode.class, MultibaseCommand.Decode.class, MultibaseCommand.Transcode.class,
            MultibaseCommand.List.class})
final class MultibaseCommand {
    /** Kubo's default base for encode and transcode. */
    static final String DEFAULT_BASE = "base64url";
    /** The most bytes read: the text of one base2 byte is eight characters, and all of it is held in memory. */
    static final int MAX_INPUT = 16 << 20;

    private MultibaseCommand() {}

    /** The whole input: the named file, or stdin for none or {@code -}. */
    static byte[] read(FerryCli.CliEnv env, String file) throws IOException {
        if (file == null || file.equals("-")) {
            return readBounded(env.in(), "stdin");
        }
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            return readBounded(in, file);
        }
    }

    private static byte[] readBounded(InputStream in, String name) throws IOException {
        byte[] data = in.readNBytes(MAX_INPUT + 1);
        if (data.length > MAX_INPUT) {
            throw new IllegalArgumentException(name + " is larger than " + (MAX_INPUT >> 20) + " MiB");
        }
        return data;
    }

    /** The base named by {@code -b}, with Kubo's error for an unknown one. */
    static Multibase base(String name) {
        try {
            return Multibase.byName(name);
        } catch (MultiformatException e) {
            throw new IllegalArgumentException("Unsupported multibase encoding: " + name);
        }
    }

    /**
     * Decodes multibase text as Kubo does (the whole input, a trailing newline included).
     *
     * @throws IllegalArgumentException with Kubo's "failed to decode multibase: " before the reason
     */
    static byte[] decode(byte[] text) {
        try {
            return Multibase.decode(text);
        } catch (MultiformatException e) {
            boolean newline = text.length > 1 && text[0] != 0 && text[text.length - 1] == '\n';
            throw new IllegalArgumentException("failed to decode multibase: " + e.getMessage()
                    + (newline ? " (the text ends with a newline, which is not part of any base)" : ""));
        }
    }

    @Command(name = "encode", mixinStandardHelpOptions = true, description = {"Encode data into multibase string.",
        "Reads FILE, or stdin when FILE is absent or '-'; the base is base64url unless -b says otherwise."})
    static final class Encode implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Option(names = "-b", paramLabel = "BASE", defaultValue = DEFAULT_BASE,
                description = "Multibase encoding, by name or prefix (default ${DEFAULT-VALUE}; see 'multibase list').")
        String base;
        @Parameters(paramLabel = "FILE", arity = "0..1", description = "Data to encode (default: stdin).") String file;

        Encode(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            Multibase b = base(base);
            env.out().write(b.encodeToBytes(read(env, file)));
            env.out().flush();
            return 0;
        }
    }

    @Command(name = "decode", mixinStandardHelpOptions = true, description = {"Decode multibase string.",
        "Reads FILE, or stdin when FILE is absent or '-'; writes the bytes it encodes."})
    static final class Decode implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Parameters(paramLabel = "FILE", arity = "0..1", description = "Encoded data to decode (default: stdin).")
        String file;

        Decode(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            env.out().write(decode(read(env, file)));
            env.out().flush();
            return 0;
        }
    }

    @Command(name = "transcode", mixinStandardHelpOptions = true,
            description = {"Transcode multibase string between bases.",
                "Reads FILE, or stdin when FILE is absent or '-'; encodes what it decodes in base64url unless -b "
                    + "says otherwise."})
    static final class Transcode implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Option(names = "-b", paramLabel = "BASE", defaultValue = DEFAULT_BASE,
                description = "Multibase encoding, by name or prefix (default ${DEFAULT-VALUE}; see 'multibase list').")
        String base;
        @Parameters(paramLabel = "FILE", arity = "0..1", description = "Encoded data to decode (default: stdin).")
        String file;

        Transcode(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            Multibase b = base(base);
            env.out().write(b.encodeToBytes(decode(read(env, file))));
            env.out().flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List available multibase encodings.")
    static final class List implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Option(names = "--prefix", description = "Also include the single letter prefixes.") boolean prefix;
        @Option(names = "--numeric", description = "Also include numeric codes.") boolean numeric;

        List(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            return CidCommand.printBases(env, prefix, numeric);
        }
    }
}
