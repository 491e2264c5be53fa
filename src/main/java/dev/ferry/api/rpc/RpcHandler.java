package dev.ferry.api.rpc;

/** One RPC command. Throws {@link RpcException} for a client error; anything else is answered as a 500. */
@FunctionalInterface
public interface RpcHandler {
    RpcResponse handle(RpcRequest request) throws Exception;
}
