package dev.ferry.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The command-line half of the run that prepares the JVM's ahead-of-time cache ({@code ferry demo --train}, which the
 * launcher runs once per build): after the demo's transfer, the everyday commands on a generated tree of small files
 * and one larger file, in this process, through the same command line. The cache then holds their classes and the
 * method profiles of these paths (a file read in parallel chunks, directories, listing, reading back), so that a
 * later {@code ferry add -r} or {@code ferry get} compiles them at once; the demo alone imports one stream.
 */
final class CacheTraining {
    private static final int FILES = 400;
    private static final int BIG_BYTES = 16 << 20;

    private CacheTraining() {
    }

    /** Runs the commands in {@code work} (a fresh directory); fails when one of them does. */
    static void run(Path work) throws IOException {
        Path tree = work.resolve("tree");
        writeTree(tree);
        Path repo = work.resolve("repo");
        Path out = work.resolve("out");
        String r = "--repo=" + repo;
        cli("init", r);
        cli("add", "-r", "-Q", "--only-hash", tree.toString());
        String dir = cli("add", "-r", "-Q", r, tree.toString()).strip();
        String big = cli("add", "-Q", r, tree.resolve("big.bin").toString()).strip();
        cli("add", "-Q", "--only-hash", "--raw-leaves", "--cid-version=1", tree.resolve("big.bin").toString());
        cli("ls", r, dir);
        cli("ls", r, dir + "/d1");
        cli("cat", r, big);
        cli("cat", r, dir + "/d0/f0.txt");
        cli("get", r, "-o", out.toString(), dir);
        cli("block", "stat", r, big);
        cli("pin", "ls", r);
        cli("repo", "stat", r);
        cli("version");
    }

    /** Small files over a few directories (1 byte to 24 KiB each) and one file of several chunks. */
    private static void writeTree(Path tree) throws IOException {
        SplittableRandom rnd = new SplittableRandom(2026);
        for (int i = 0; i < FILES; i++) {
            Path d = tree.resolve("d" + (i % 8));
            Files.createDirectories(d);
            byte[] data = new byte[1 + rnd.nextInt(24 << 10)];
            rnd.nextBytes(data);
            Files.write(d.resolve("f" + (i / 8) + ".txt"), data);
        }
        byte[] big = new byte[BIG_BYTES];
        rnd.nextBytes(big);
        Files.write(tree.resolve("big.bin"), big);
    }

    /** One command line, its output kept in memory (only what the training needs: a CID); errors fail the run. */
    private static String cli(String... args) throws IOException {
        var stdout = new java.io.ByteArrayOutputStream();
        var stderr = new java.io.ByteArrayOutputStream();
        FerryCli.CliEnv env = new FerryCli.CliEnv(Map.of(), new ByteArrayInputStream(new byte[0]),
                new PrintStream(stdout, true), new PrintStream(stderr, true), false);
        int code = FerryCli.run(args, env);
        if (code != 0) {
            throw new IOException("training command '" + String.join(" ", args) + "' failed: " + stderr.toString().strip());
        }
        String text = stdout.toString();
        // a large cat's bytes are not needed, only that it ran
        return text.length() > 4096 ? "" : text;
    }
}
