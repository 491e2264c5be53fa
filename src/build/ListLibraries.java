import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Build step: writes the libraries ferry runs with, for {@code ferry version deps}, one a line,
 * {@code group:artifact version sha256:HEX} (the jar's hash), sorted. The coordinates come from where each runtime
 * jar sits in the local Maven repository ({@code <group path>/<artifact>/<version>/<file>.jar}), which holds for
 * every library, unlike the {@code pom.properties} only some jars carry.
 *
 * <p>Usage: {@code java ListLibraries.java OUT LOCAL-REPOSITORY CLASSPATH}.
 */
public final class ListLibraries {
    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ListLibraries OUT LOCAL-REPOSITORY CLASSPATH");
        }
        Path out = Path.of(args[0]);
        Path repo = Path.of(args[1]).toAbsolutePath().normalize();
        List<String> lines = new ArrayList<>();
        for (String entry : args[2].split(File.pathSeparator)) {
            Path jar = Path.of(entry).toAbsolutePath().normalize();
            if (!jar.toString().endsWith(".jar") || !jar.startsWith(repo)) {
                continue; // the project's own classes, or a jar from elsewhere
            }
            Path rel = repo.relativize(jar);
            int n = rel.getNameCount();
            if (n < 4) {
                continue;
            }
            String version = rel.getName(n - 2).toString();
            String artifact = rel.getName(n - 3).toString();
            String group = rel.subpath(0, n - 3).toString().replace(File.separatorChar, '.');
            lines.add(group + ":" + artifact + " " + version + " sha256:" + sha256(jar));
        }
        lines.sort(null);
        Files.createDirectories(out.getParent());
        Files.write(out, lines);
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int r;
            while ((r = in.read(buf)) > 0) {
                md.update(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
