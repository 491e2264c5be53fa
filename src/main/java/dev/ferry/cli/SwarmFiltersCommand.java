package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry swarm filters [add|rm]}: the address filters of the running daemon (netmasks such as
 * {@code /ip4/10.0.0.0/ipcidr/8} it neither dials nor accepts connections from). As Kubo's, {@code add} and {@code rm}
 * change the daemon and the config's {@code Swarm.AddrFilters} together. Each prints its filters one a line.
 */
@Command(name = "filters", mixinStandardHelpOptions = true,
        description = "List the address filters of the daemon: netmasks (/ip4/10.0.0.0/ipcidr/8) never dialled "
                + "nor accepted from.",
        subcommands = {SwarmFiltersCommand.Add.class, SwarmFiltersCommand.Rm.class})
final class SwarmFiltersCommand implements Callable<Integer> {
    private final FerryCli.CliEnv env;
    @Mixin RepoOptions repo;

    SwarmFiltersCommand(FerryCli.CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        print(env, SwarmCommand.daemon(env, repo).json("swarm/filters", List.of(), Map.of()));
        return 0;
    }

    private static void print(FerryCli.CliEnv env, JsonNode answer) {
        answer.path("Strings").forEach(s -> env.out().println(s.asText()));
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add address filters to the daemon and to Swarm.AddrFilters in the config.")
    static final class Add implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(paramLabel = "FILTER", arity = "1..*") List<String> filters;

        Add(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            print(env, SwarmCommand.daemon(env, repo).json("swarm/filters/add", filters, Map.of()));
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true,
            description = "Remove address filters from the daemon and from Swarm.AddrFilters in the config "
                    + "('all' removes every one).")
    static final class Rm implements Callable<Integer> {
        private final FerryCli.CliEnv env;
        @Mixin RepoOptions repo;
        @Parameters(paramLabel = "FILTER", arity = "1..*") List<String> filters;

        Rm(FerryCli.CliEnv env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            print(env, SwarmCommand.daemon(env, repo).json("swarm/filters/rm", filters, Map.of()));
            return 0;
        }
    }
}
