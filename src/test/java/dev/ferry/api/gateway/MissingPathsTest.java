package dev.ferry.api.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.BlockNotFoundException;
import dev.ferry.store.MemoryBlockstore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parsed-file cache is bounded, and the legacy 404 search stays inside the site. */
class MissingPathsTest {
    @TempDir
    Path tmp;
    private final MemoryBlockstore store = new MemoryBlockstore();

    private Cid site(String name, String redirects) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("_redirects"), redirects);
        return new UnixfsImporter(store, GatewayFixture.OPTIONS).importPath(dir).cid();
    }

    @Test
    void onlyTheMostRecentlyUsedFilesAreKept() throws IOException {
        MissingPaths paths = new MissingPaths();
        List<Cid> roots = new ArrayList<>();
        for (int i = 0; i <= MissingPaths.CACHED_FILES; i++) {
            roots.add(site("s" + i, "/a /b" + i + " 302\n"));
        }
        for (Cid root : roots) {
            assertThat(paths.redirects(store, ContentPath.parse("/ipfs/" + root + "/a"), null)).isPresent();
        }
        // the first root was evicted by the last: its file is read again, and now it is gone
        for (Cid root : List.of(roots.getFirst(), roots.getLast())) {
            store.delete(new UnixfsExporter(store).resolve(root, "_redirects"));
        }
        assertThat(paths.redirects(store, ContentPath.parse("/ipfs/" + roots.getLast() + "/a"), null))
                .contains(new MissingPaths.Redirect(302, "/b" + MissingPaths.CACHED_FILES));
        assertThatThrownBy(() -> paths.redirects(store, ContentPath.parse("/ipfs/" + roots.getFirst() + "/a"), null))
                .isInstanceOf(BlockNotFoundException.class);
    }

    @Test
    void theLegacyPageIsLookedForFromTheDeepestExistingDirectoryUpToTheSiteRoot() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("legacy/www/a/b"));
        Files.writeString(tmp.resolve("legacy/ipfs-404.html"), "above the site");
        Files.writeString(tmp.resolve("legacy/www/a/ipfs-404.html"), "in a");
        Files.writeString(dir.resolve("file.txt"), "x");
        Cid root = new UnixfsImporter(store, GatewayFixture.OPTIONS).importPath(tmp.resolve("legacy")).cid();
        UnixfsExporter ex = new UnixfsExporter(store);
        Cid inA = ex.resolve(root, "www/a/ipfs-404.html");
        assertThat(MissingPaths.legacy404(store, ContentPath.parse("/ipfs/" + root + "/www/a/b/file.txt/x/y")))
                .contains(inA);
        assertThat(MissingPaths.legacy404(store, ContentPath.parse("/ipfs/" + root + "/www/zzz")))
                .contains(ex.resolve(root, "ipfs-404.html"));
        // a site in www (a name's value pointing there) does not see the page above it
        ContentPath inSite = ContentPath.parse("/ipfs/" + root + "/www/zzz").shownAs("/ipns/x.example", 1);
        assertThat(MissingPaths.legacy404(store, inSite)).isEmpty();
    }
}
