package dev.ferry.testing;

import dev.ferry.cli.FerryCli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs ferry's command line in-process against one repository, capturing stdout and stderr. */
public final class CliRun {
    private final Path repo;
    private final Map<String, String> extraEnv;

    public CliRun(Path repo) {
        this(repo, Map.of());
    }

    /** With more environment variables (e.g. an access token) beside {@code FERRY_PATH}. */
    public CliRun(Path repo, Map<String, String> extraEnv) {
        this.repo = repo;
        this.extraEnv = Map.copyOf(extraEnv);
    }

    public Result run(String... args) {
        return run(new byte[0], args);
    }

    public Result run(byte[] stdin, String... args) {
        return run(new ByteArrayInputStream(stdin), args);
    }

    public Result run(InputStream stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>();
        env.putAll(extraEnv);
        env.put("FERRY_PATH", repo.toString());
        List<String> all = new ArrayList<>(List.of(args));
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = FerryCli.run(all.toArray(String[]::new), new FerryCli.CliEnv(env, stdin, o, e, false));
        }
        return new Result(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    /** What one command line produced. */
    public record Result(int exitCode, byte[] stdoutBytes, String stderr) {
        public String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        public List<String> lines() {
            String s = stdout();
            return s.isEmpty() ? List.of() : List.of(s.split("\n"));
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout: " + (stdoutBytes.length > 2000 ? stdoutBytes.length + " bytes" : stdout()) + "\nstderr: " + stderr;
        }
    }
}
