package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.CidEncoder;
import dev.ferry.node.repo.Repo;
import dev.ferry.store.FilestoreListing;
import dev.ferry.store.FilestoreStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry filestore ls|verify|dups}: the blocks {@code add --nocopy} keeps as references into files, with Kubo's
 * output. Through the daemon when one runs, else on the repository. An entry that cannot be listed (a corrupt index
 * record, an argument that is no CID) is reported on stderr and the listing goes on; the exit code is then 1.
 * {@code --cid-base}/{@code --upgrade-cidv0-in-output} write the CIDs as Kubo's: ls and verify encode them here
 * (the daemon answers CID objects), dups has the daemon encode them.
 */
@Command(name = "filestore", mixinStandardHelpOptions = true, description = "Interact with filestore objects.",
        subcommands = {FilestoreCommand.Ls.class, FilestoreCommand.Verify.class, FilestoreCommand.Dups.class})
final class FilestoreCommand {

    @Command(name = "ls", mixinStandardHelpOptions = true, description = {"List objects in the filestore.",
        "Output: <hash> <size> <path> <offset> (path relative to the repository's parent directory)."})
    static final class Ls implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Mixin CidBaseOptions cidBase;
        @Option(names = "--file-order", description = "Sort the results by the path of the backing file.")
        boolean fileOrder;
        @Parameters(paramLabel = "CID", arity = "0..*", description = "Only these objects.")
        List<String> cids = new ArrayList<>();

        Ls(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            return listing(env, repo, "filestore/ls", false, fileOrder, cids, cidBase.encoder());
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = {"Verify objects in the filestore.",
        "Output: <status> <hash> <size> <path> <offset>, where <status> is one of:",
        "ok (the block can be read back), changed (the file's contents changed), no-file (the file is gone),",
        "error (the file cannot be read), missing (no such object), ERROR (a corrupt entry)."})
    static final class Verify implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Mixin CidBaseOptions cidBase;
        @Option(names = "--file-order", description = "Verify the objects in the order of their backing files.")
        boolean fileOrder;
        @Parameters(paramLabel = "CID", arity = "0..*", description = "Only these objects.")
        List<String> cids = new ArrayList<>();

        Verify(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            return listing(env, repo, "filestore/verify", true, fileOrder, cids, cidBase.encoder());
        }
    }

    @Command(name = "dups", mixinStandardHelpOptions = true,
            description = "List blocks that are both in the filestore and in the block store.")
    static final class Dups implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Mixin CidBaseOptions cidBase;

        Dups(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            CidEncoder enc = cidBase.encoder();
            Path dir = repo.resolve(env);
            var daemon = DaemonClient.find(dir, env);
            if (daemon.isPresent()) {
                // the daemon writes the CIDs under the options, as Kubo's
                daemon.get().ndjson("filestore/dups", List.of(), cidBase.rpc(), line -> {
                    if (!line.path("Err").asText("").isEmpty()) {
                        throw new IllegalStateException(line.path("Err").asText());
                    }
                    env.out().println(line.path("Ref").asText());
                });
                return 0;
            }
            try (Repo r = Repo.open(dir)) {
                r.requireFilestoreEnabled();
                try (Stream<Cid> dups = r.filestoreBlocks().duplicates()) {
                    dups.forEach(c -> env.out().println(enc.encode(c)));
                }
            }
            return 0;
        }
    }

    private static int listing(FerryCli.CliEnv env, RepoOptions repo, String command, boolean verify,
            boolean fileOrder, List<String> cids, CidEncoder enc) throws IOException {
        int[] failed = {0};
        Consumer<FilestoreListing> print = l -> {
            boolean broken = l.status() == FilestoreStatus.OTHER_ERROR || !verify && !l.errorMsg().isEmpty();
            if (broken) {
                env.err().println("Error: " + l.errorMsg());
                failed[0]++;
                if (!verify) {
                    return;
                }
            }
            env.out().println(verify ? l.formatVerify(enc) : l.formatLong(enc));
        };
        Path dir = repo.resolve(env);
        var daemon = DaemonClient.find(dir, env);
        if (daemon.isPresent()) {
            daemon.get().ndjson(command, cids, fileOrder ? Map.of("file-order", "true") : Map.of(),
                    line -> print.accept(fromJson(line)));
        } else {
            try (Repo r = Repo.open(dir)) {
                r.requireFilestoreEnabled();
                if (!cids.isEmpty()) {
                    cids.forEach(c -> print.accept(r.filestore().list(c, verify)));
                } else {
                    try (Stream<FilestoreListing> all = r.filestore().listAll(verify, fileOrder)) {
                        all.forEach(print);
                    }
                }
            }
        }
        if (failed[0] > 0) {
            env.err().println("Error: " + (verify ? "some entries could not be verified"
                    : "errors while displaying some entries"));
            return 1;
        }
        return 0;
    }

    /** A line of the daemon's answer, back as the listing it was made from. */
    static FilestoreListing fromJson(JsonNode line) {
        JsonNode key = line.path("Key").path("/");
        return new FilestoreListing(FilestoreStatus.ofCode(line.path("Status").asInt()),
                line.path("ErrorMsg").asText(""), key.isTextual() ? Cid.parse(key.asText()) : null,
                line.path("FilePath").asText(""), line.path("Offset").asLong(), line.path("Size").asLong());
    }
}
