package dev.ferry.api.rpc;

import dev.ferry.identity.Ed25519PrivateKey;
import dev.ferry.identity.PeerId;
import dev.ferry.identity.PrivateKey;
import dev.ferry.identity.Secp256k1PrivateKey;
import dev.ferry.node.Node;
import dev.ferry.node.repo.KeyStore;
import dev.ferry.routing.ipns.IpnsName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubo's {@code key/gen} ({@code {"Name", "Id"}}), {@code key/list} ({@code {"Keys": [{"Name", "Id"}]}}) and
 * {@code key/rm} (the removed keys, as list does): the keys IPNS names are published with. Ids are IPNS names
 * ({@code k51…}). Keys are Ed25519 (Kubo's default) or secp256k1; RSA keys are read from the keystore but not made.
 */
final class KeyRpc {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Node node;

    private KeyRpc(Node node) {
        this.node = node;
    }

    static void install(RpcServer server, Node node) {
        KeyRpc rpc = new KeyRpc(node);
        server.register("key/gen", Set.of("type", "t", "size", "s", "ipns-base"), rpc::gen);
        server.register("key/list", Set.of("l", "ipns-base"), rpc::list);
        server.register("key/rm", Set.of("l", "ipns-base"), rpc::rm);
    }

    private KeyStore keys() {
        return node.names().keys();
    }

    private RpcResponse gen(RpcRequest r) {
        NameRpc.base(r);
        String name = r.arg();
        String type = r.option("type").or(() -> r.option("t")).filter(t -> !t.isEmpty()).orElse("ed25519");
        PrivateKey key = switch (type) {
            case "ed25519" -> Ed25519PrivateKey.generate(RANDOM);
            case "secp256k1" -> Secp256k1PrivateKey.generate(RANDOM);
            default -> throw RpcException.badRequest("unsupported key type " + type + ": ed25519 or secp256k1");
        };
        try {
            keys().add(name, key);
        } catch (IllegalArgumentException e) {
            throw RpcException.badRequest(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RpcResponse.Json(entry(name, PeerId.fromPublicKey(key.publicKey())));
    }

    private RpcResponse list(RpcRequest r) {
        NameRpc.base(r);
        List<Map<String, Object>> out = new ArrayList<>();
        keys().list().forEach((name, id) -> out.add(entry(name, id)));
        return new RpcResponse.Json(Map.of("Keys", out));
    }

    private RpcResponse rm(RpcRequest r) {
        NameRpc.base(r);
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, PeerId> all = keys().list();
        for (String name : r.requiredArgs()) {
            PeerId id = all.get(name);
            try {
                if (id == null || !keys().remove(name)) {
                    throw RpcException.badRequest("no key named " + name);
                }
            } catch (IllegalArgumentException e) {
                throw RpcException.badRequest(e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.add(entry(name, id));
        }
        return new RpcResponse.Json(Map.of("Keys", out));
    }

    private static Map<String, Object> entry(String name, PeerId id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", name);
        m.put("Id", new IpnsName(id).toString());
        return m;
    }
}
