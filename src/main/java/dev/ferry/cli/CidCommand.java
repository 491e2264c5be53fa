package dev.ferry.cli;

import dev.ferry.multiformats.CidConversion;
import dev.ferry.multiformats.CidFormat;
import dev.ferry.multiformats.CidFormatStringException;
import dev.ferry.multiformats.CidInspection;
import dev.ferry.multiformats.MultiformatException;
import dev.ferry.multiformats.MultiformatListing;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry cid format|base32|bases|codecs|hashes|inspect}, as Kubo's {@code ipfs cid}. They need no repository
 * and no daemon, so they always compute here: with or without a daemon the output is the same.
 */
@Command(name = "cid", mixinStandardHelpOptions = true, description = "Convert and discover properties of CIDs.",
        subcommands = {CidCommand.Format.class, CidCommand.Base32.class, CidCommand.Bases.class,
            CidCommand.Codecs.class, CidCommand.Hashes.class, CidCommand.Inspect.class})
final class CidCommand {

    /** The CIDs on the command line or, with none there, one per line on standard input (as Kubo). */
    static List<String> cids(FerryCli.CliEnv env, List<String> args) throws IOException {
        if (args != null && !args.isEmpty()) {
            return args;
        }
        List<String> out = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(env.in(), StandardCharsets.UTF_8));
        for (String line; (line = r.readLine()) != null;) {
            if (!line.isBlank()) {
                out.add(line.strip());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("argument \"cid\" is required");
        }
        return out;
    }

    /**
     * Kubo's streamResult: each CID that fails is reported as {@code <cid>: <error>} on stderr and the others are
     * printed; if any failed the command ends with an error.
     */
    static int emit(FerryCli.CliEnv env, List<String> cids, CidConversion conversion) {
        boolean failed = false;
        for (String cid : cids) {
            String formatted;
            try {
                formatted = conversion.apply(cid);
            } catch (CidFormatStringException e) {
                throw e; // the same for every CID: stop, as Kubo
            } catch (MultiformatException e) {
                env.out().flush();
                env.err().println(cid + ": " + e.getMessage());
                failed = true;
                continue;
            }
            env.out().println(formatted);
        }
        if (failed) {
            throw new IllegalStateException("errors while displaying some entries");
        }
        return 0;
    }

    @Command(name = "format", mixinStandardHelpOptions = true,
            description = "Format and convert a CID in various useful ways.",
            footer = {"", "The optional format string is a printf style format string:", CidFormat.REFERENCE})
    static final class Format implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Option(names = "-f", paramLabel = "FORMAT", defaultValue = "%s",
                description = "Printf style format string (default: %%s).") String format;
        @Option(names = "-v", paramLabel = "VERSION", description = "CID version to convert to.") String version;
        @Option(names = "--mc", paramLabel = "CODEC", description = "CID multicodec to convert to.") String codec;
        @Option(names = "-b", paramLabel = "BASE", description = "Multibase to display CID in.") String base;
        @Parameters(paramLabel = "CID", arity = "0..*", description = "CIDs to format (default: one per line on stdin).")
        List<String> args;

        Format(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            CidConversion conversion = CidConversion.of(format, version, codec, base);
            return emit(env, cids(env, args), conversion);
        }
    }

    @Command(name = "base32", mixinStandardHelpOptions = true, description = "Convert CIDs to Base32 CID version 1.")
    static final class Base32 implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Parameters(paramLabel = "CID", arity = "0..*", description = "CIDs to convert (default: one per line on stdin).")
        List<String> args;

        Base32(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            return emit(env, cids(env, args), CidConversion.BASE32);
        }
    }

    @Command(name = "bases", mixinStandardHelpOptions = true, description = "List available multibase encodings.")
    static final class Bases implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Option(names = "--prefix", description = "Also include the single letter prefixes.") boolean prefix;
        @Option(names = "--numeric", description = "Also include numeric codes.") boolean numeric;

        Bases(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            return printBases(env, prefix, numeric);
        }
    }

    /**
     * Kubo's bases text ({@code cid bases}, {@code multibase list}): the prefix (a space for one that is not
     * printable, as identity's; base256emoji's rocket is), the code right-aligned in seven columns, the name.
     */
    static int printBases(FerryCli.CliEnv env, boolean prefix, boolean numeric) {
        for (MultiformatListing.Entry e : MultiformatListing.bases()) {
            int cp = (int) e.code();
            String c = Character.isISOControl(cp) || !Character.isDefined(cp) ? " " : Character.toString(cp);
            String line;
            if (prefix && numeric) {
                line = String.format(Locale.ROOT, "%s %7d  %s", c, e.code(), e.name());
            } else if (prefix) {
                line = c + "  " + e.name();
            } else if (numeric) {
                line = String.format(Locale.ROOT, "%7d  %s", e.code(), e.name());
            } else {
                line = e.name();
            }
            env.out().println(line);
        }
        return 0;
    }

    /** Kubo's codecs and hashes text: the name, after the code right-aligned in five columns with -n. */
    static int printCodes(FerryCli.CliEnv env, List<MultiformatListing.Entry> entries, boolean numeric) {
        for (MultiformatListing.Entry e : entries) {
            env.out().println(numeric ? String.format(Locale.ROOT, "%5d  %s", e.code(), e.name()) : e.name());
        }
        return 0;
    }

    @Command(name = "codecs", mixinStandardHelpOptions = true, description = "List available CID multicodecs.")
    static final class Codecs implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Option(names = {"-n", "--numeric"}, description = "Also include numeric codes.") boolean numeric;
        @Option(names = {"-s", "--supported"},
                description = "List only codecs ferry supports (all it lists are).") boolean supported;

        Codecs(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            return printCodes(env, MultiformatListing.codecs(), numeric);
        }
    }

    @Command(name = "hashes", mixinStandardHelpOptions = true, description = "List available multihashes.")
    static final class Hashes implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Option(names = {"-n", "--numeric"}, description = "Also include numeric codes.") boolean numeric;
        @Option(names = {"-s", "--supported"},
                description = "List only hashes ferry supports (all it lists are).") boolean supported;

        Hashes(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            return printCodes(env, MultiformatListing.hashes(), numeric);
        }
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "Inspect and display detailed information about a CID.")
    static final class Inspect implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        private final OutputEncoding encoding;
        @Parameters(paramLabel = "CID", arity = "0..1", description = "CID to inspect (default: read from stdin).")
        String arg;

        Inspect(FerryCli.CliEnv env, OutputEncoding encoding) {
            this.env = env;
            this.encoding = encoding;
        }

        @Override
        public Integer call() throws IOException {
            CidInspection inspection = CidInspection.of(cids(env, arg == null ? null : List.of(arg)).getFirst());
            if (encoding.json()) {
                env.out().println(Json.pretty(inspection.toJson()));
            } else {
                env.out().print(inspection.toText());
            }
            return 0;
        }
    }
}
