package dev.ferry.api.rpc;

import java.util.Set;
import java.util.function.Supplier;

/**
 * Kubo's {@code commands}: the command tree as JSON ({@link CommandInfo#toJson()}). The tree is the CLI's, handed in
 * by whoever starts the server, since the commands are defined above this layer. Kubo's {@code flags} option only
 * changes its text output; the JSON always carries the options.
 */
public final class CommandsRpc {
    private CommandsRpc() {}

    public static void install(RpcServer server, Supplier<CommandInfo> tree) {
        server.register("commands", Set.of("flags", "f"), r -> new RpcResponse.Json(tree.get().toJson()));
    }
}
