package dev.ferry.api.rpc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kubo's {@code version deps} for a Java program: the libraries ferry runs with, from the list the build writes into
 * the jar ({@code META-INF/ferry/libraries.txt}, by {@code src/build/ListLibraries.java}): one library a line,
 * {@code group:artifact version sha256:HEX}. Written at build time because the jar's own Maven metadata
 * ({@code pom.properties}) is missing for several libraries (those not built with Maven).
 */
public final class JavaLibraries {
    /** ferry's own Maven coordinates, listed first. */
    public static final String SELF = "dev.ferry:ferry";
    static final String RESOURCE = "META-INF/ferry/libraries.txt";

    /**
     * One library in Kubo's shape: {@code Path} (group:artifact), {@code Version}, {@code ReplacedBy} (always empty:
     * Maven has no module replacement) and {@code Sum} (the jar's SHA-256 where Go gives its go.sum hash).
     */
    public record Library(String path, String version, String replacedBy, String sum) {
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Path", path);
            m.put("Version", version);
            m.put("ReplacedBy", replacedBy);
            m.put("Sum", sum);
            return m;
        }
    }

    private JavaLibraries() {}

    /**
     * ferry itself ({@code selfVersion}), then every library of the build's list.
     *
     * @throws RpcException when this build carries no list (as Kubo without embedded build information)
     */
    public static List<Library> list(String selfVersion) {
        List<Library> out = new ArrayList<>();
        out.add(new Library(SELF, selfVersion, "", ""));
        try (InputStream in = JavaLibraries.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new RpcException(500, "no embedded dependency information (" + RESOURCE + " is missing)");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null) {
                String[] f = line.strip().split(" ");
                if (f.length == 3) {
                    out.add(new Library(f[0], f[1], "", f[2]));
                }
            }
        } catch (IOException e) {
            throw new RpcException(500, "cannot read " + RESOURCE + ": " + e.getMessage());
        }
        return out;
    }
}
