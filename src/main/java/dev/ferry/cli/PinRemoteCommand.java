package dev.ferry.cli;

import dev.ferry.multiformats.Cid;
import dev.ferry.node.RemoteServices;
import dev.ferry.node.repo.Repo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry pin remote add|ls|rm} and {@code ferry pin remote service add|ls|rm}, as Kubo's. */
@Command(name = "remote", mixinStandardHelpOptions = true,
        description = "Pin content on remote pinning services (any IPFS Pinning Service API, another ferry node's "
                + "/psa included).",
        subcommands = {PinRemoteCommand.Add.class, PinRemoteCommand.Ls.class, PinRemoteCommand.Rm.class,
                PinRemoteCommand.Service.class})
final class PinRemoteCommand {

    /** The options that choose remote pins. */
    static final class Filter {
        @Option(names = "--service", required = true, description = "The remote service's name.") String service;
        @Option(names = "--name", description = "Only pins of this name.") String name;
        @Option(names = "--cid", split = ",", description = "Only pins of these CIDs.") List<String> cids = List.of();
        @Option(names = "--status", split = ",", description = "queued, pinning, pinned, failed (default pinned).")
        List<String> statuses = List.of();

        Map<String, String> query() {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("service", service);
            if (name != null) {
                q.put("name", name);
            }
            if (!cids.isEmpty()) {
                q.put("cid", String.join(",", cids.stream().map(c -> Args.cid(c).toString()).toList()));
            }
            if (!statuses.isEmpty()) {
                q.put("status", String.join(",", statuses));
            }
            return q;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Ask a remote service to pin a CID; waits until it is pinned unless --background.")
    static final class Add implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(paramLabel = "CID") String cid;
        @Option(names = "--service", required = true, description = "The remote service's name.") String service;
        @Option(names = "--name", description = "A name for the pin.") String name;
        @Option(names = "--background", description = "Return once the service has the request.") boolean background;

        Add(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws java.io.IOException {
            Cid c = Args.cid(cid);
            Map<String, String> q = new LinkedHashMap<>();
            q.put("service", service);
            if (name != null) {
                q.put("name", name);
            }
            q.put("background", Boolean.toString(background));
            var pin = SwarmCommand.daemon(env, repo).json("pin/remote/add", List.of(c.toString()), q);
            env.out().println("CID:    " + pin.path("Cid").asText());
            env.out().println("Name:   " + pin.path("Name").asText());
            env.out().println("Status: " + pin.path("Status").asText());
            return 0;
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List remote pins: '<cid>\\t<status>\\t<name>'.")
    static final class Ls implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Mixin Filter filter;

        Ls(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws java.io.IOException {
            SwarmCommand.daemon(env, repo).ndjson("pin/remote/ls", List.of(), filter.query(), p -> env.out().println(
                    p.path("Cid").asText() + "\t" + p.path("Status").asText() + "\t" + p.path("Name").asText()));
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove remote pins (--force for several).")
    static final class Rm implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Mixin Filter filter;
        @Option(names = "--force", description = "Remove every matching pin.") boolean force;

        Rm(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws java.io.IOException {
            Map<String, String> q = filter.query();
            q.put("force", Boolean.toString(force));
            SwarmCommand.daemon(env, repo).json("pin/remote/rm", List.of(), q);
            return 0;
        }
    }

    @Command(name = "service", mixinStandardHelpOptions = true, description = "Configure remote pinning services.",
            subcommands = {ServiceAdd.class, ServiceLs.class, ServiceRm.class})
    static final class Service {
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a service: NAME ENDPOINT KEY.")
    static final class ServiceAdd implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "ENDPOINT", description = "The service's URL (requests go to ENDPOINT/pins).")
        String endpoint;
        @Parameters(index = "2", paramLabel = "KEY", description = "The service's access token.") String key;

        ServiceAdd(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws java.io.IOException {
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                daemon.get().json("pin/remote/service/add", List.of(name, endpoint, key), Map.of());
            } else {
                Repo.updateConfig(repo.resolve(env), cfg -> RemoteServices.add(cfg, name, endpoint, key));
            }
            return 0;
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = "List services: '<name>\\t<endpoint>' (with --stat, the pin counts or 'invalid').")
    static final class ServiceLs implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Option(names = "--stat", description = "Ask each service for its pin counts (needs a daemon).") boolean stat;

        ServiceLs(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws java.io.IOException {
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isEmpty() && !stat) {
                for (RemoteServices.Service s : RemoteServices.list(Repo.readConfig(repo.resolve(env))).values()) {
                    env.out().println(s.name() + "\t" + s.endpoint());
                }
                return 0;
            }
            var services = SwarmCommand.daemon(env, repo).json("pin/remote/service/ls", List.of(),
                    stat ? Map.of("stat", "true") : Map.of()).path("RemoteServices");
            for (var s : services) {
                String line = s.path("Service").asText() + "\t" + s.path("ApiEndpoint").asText();
                if (stat) {
                    var st = s.path("Stat");
                    var n = st.path("PinCount");
                    line += "\t" + (st.path("Status").asText().equals("valid")
                            ? "queued " + n.path("Queued").asInt() + ", pinning " + n.path("Pinning").asInt()
                                    + ", pinned " + n.path("Pinned").asInt() + ", failed " + n.path("Failed").asInt()
                            : st.path("Status").asText());
                }
                env.out().println(line);
            }
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove a service.")
    static final class ServiceRm implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(paramLabel = "NAME") String name;

        ServiceRm(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws java.io.IOException {
            var daemon = DaemonClient.find(repo.resolve(env), env);
            if (daemon.isPresent()) {
                daemon.get().json("pin/remote/service/rm", List.of(name), Map.of());
            } else {
                Repo.updateConfig(repo.resolve(env), cfg -> RemoteServices.remove(cfg, name));
            }
            return 0;
        }
    }
}
