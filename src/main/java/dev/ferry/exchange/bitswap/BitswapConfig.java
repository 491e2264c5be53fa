package dev.ferry.exchange.bitswap;

import dev.ferry.exchange.bitswap.client.ClientConfig;
import dev.ferry.exchange.bitswap.network.NetworkConfig;
import dev.ferry.exchange.bitswap.server.ServerConfig;
import java.util.Objects;

/** Limits of the three Bitswap parts. */
public record BitswapConfig(NetworkConfig network, ServerConfig server, ClientConfig client) {
    public BitswapConfig {
        Objects.requireNonNull(network);
        Objects.requireNonNull(server);
        Objects.requireNonNull(client);
    }

    public static BitswapConfig defaults() {
        return new BitswapConfig(NetworkConfig.defaults(), ServerConfig.defaults(), ClientConfig.defaults());
    }

    public BitswapConfig withClient(ClientConfig c) {
        return new BitswapConfig(network, server, c);
    }

    public BitswapConfig withServer(ServerConfig s) {
        return new BitswapConfig(network, s, client);
    }
}
