package dev.ferry.api.rpc;

import dev.ferry.identity.Ed25519PrivateKey;
import dev.ferry.identity.PeerId;
import dev.ferry.identity.PrivateKey;
import dev.ferry.identity.PrivateKeyFormat;
import dev.ferry.multiformats.Multibase;
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
import java.util.Optional;
import java.util.Set;

/**
 * Kubo's {@code key/gen} ({@code {"Name", "Id"}}), {@code key/list} ({@code {"Keys": [{"Name", "Id"}]}}),
 * {@code key/rm} (the removed keys, as list does), {@code key/rename} ({@code {"Was", "Now", "Id", "Overwrite"}}),
 * {@code key/export} (the key file's bytes), {@code key/import} (a file part; as gen), {@code key/sign}
 * ({@code {"Key", "Signature"}}) and {@code key/verify} ({@code {"Key", "SignatureValid"}}): the keys IPNS names are
 * published with. Ids are IPNS names ({@code k51…}). Keys are made Ed25519 (Kubo's default) or secp256k1; RSA keys
 * are read and imported but not made.
 */
final class KeyRpc {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Larger than any key file or PEM block, small enough to hold. */
    private static final int MAX_KEY_FILE = 64 * 1024;
    /** What {@code key sign}/{@code key verify} read of their data. */
    private static final int MAX_SIGNED_DATA = 4 * 1024 * 1024;

    private final Node node;
    private final MultipartLimits limits;

    private KeyRpc(Node node, MultipartLimits limits) {
        this.node = node;
        this.limits = limits;
    }

    static void install(RpcServer server, Node node, MultipartLimits limits) {
        KeyRpc rpc = new KeyRpc(node, limits);
        server.register("key/gen", Set.of("type", "t", "size", "s", "ipns-base"), rpc::gen);
        server.register("key/list", Set.of("l", "ipns-base"), rpc::list);
        server.register("key/rm", Set.of("l", "ipns-base"), rpc::rm);
        server.register("key/rename", Set.of("force", "f", "ipns-base"), rpc::rename);
        server.register("key/export", Set.of("output", "o", "format", "f"), rpc::export);
        server.register("key/import", Set.of("format", "f", "allow-any-key-type", "ipns-base"), rpc::importKey);
        server.register("key/sign", Set.of("key", "k", "ipns-base"), rpc::sign);
        server.register("key/verify", Set.of("key", "k", "signature", "s", "ipns-base"), rpc::verify);
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

    private RpcResponse rename(RpcRequest r) throws IOException {
        NameRpc.base(r);
        if (r.args().size() != 2) {
            throw RpcException.badRequest("key/rename takes the key's name and its new name");
        }
        String was = r.args().get(0);
        String now = r.args().get(1);
        KeyStore.Renamed done = keys().rename(was, now, r.boolOption("force", r.boolOption("f", false)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Was", was);
        m.put("Now", now);
        m.put("Id", new IpnsName(done.id()).toString());
        m.put("Overwrite", done.overwritten());
        return new RpcResponse.Json(m);
    }

    /** The key file's bytes as the CLI writes them (a PEM block for pem-pkcs8-cleartext). */
    private RpcResponse export(RpcRequest r) {
        byte[] bytes = keys().export(r.arg(), format(r));
        return new RpcResponse.Stream("application/octet-stream", out -> out.write(bytes));
    }

    private RpcResponse importKey(RpcRequest r) throws IOException {
        NameRpc.base(r);
        String name = r.arg();
        PrivateKeyFormat format = format(r);
        PeerId id = keys().importKey(name, file(r, "key", MAX_KEY_FILE), format,
                r.boolOption("allow-any-key-type", false));
        return new RpcResponse.Json(entry(name, id));
    }

    private RpcResponse sign(RpcRequest r) throws IOException {
        NameRpc.base(r);
        String name = keyOption(r);
        KeyStore.Signed signed = keys().sign(name, file(r, "data", MAX_SIGNED_DATA));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Key", entry(signed.name(), signed.id()));
        m.put("Signature", Multibase.BASE64_URL.encode(signed.signature()));
        return new RpcResponse.Json(m);
    }

    private RpcResponse verify(RpcRequest r) throws IOException {
        NameRpc.base(r);
        byte[] signature;
        try {
            signature = Multibase.decode(r.option("signature").or(() -> r.option("s")).orElse(""));
        } catch (IllegalArgumentException e) {
            throw RpcException.badRequest("signature: " + e.getMessage());
        }
        KeyStore.Verified v = keys().verify(keyOption(r), file(r, "data", MAX_SIGNED_DATA), signature);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Key", entry(v.name(), v.id()));
        m.put("SignatureValid", v.valid());
        return new RpcResponse.Json(m);
    }

    private static String keyOption(RpcRequest r) {
        return r.option("key").or(() -> r.option("k")).filter(k -> !k.isEmpty()).orElse(KeyStore.SELF);
    }

    private static PrivateKeyFormat format(RpcRequest r) {
        String f = r.option("format").or(() -> r.option("f")).filter(s -> !s.isEmpty())
                .orElse(PrivateKeyFormat.LIBP2P_PROTOBUF_CLEARTEXT.formatName());
        try {
            return PrivateKeyFormat.byName(f);
        } catch (IllegalArgumentException e) {
            throw RpcException.badRequest(e.getMessage());
        }
    }

    /** The first file of the multipart body, at most {@code max} bytes. */
    private byte[] file(RpcRequest r, String what, int max) throws IOException {
        if (r.contentType() == null || !r.contentType().startsWith("multipart/")) {
            throw RpcException.badRequest("argument \"" + what + "\" is required");
        }
        Optional<MultipartPart> part = r.multipart(limits).next();
        if (part.isEmpty()) {
            throw RpcException.badRequest("argument \"" + what + "\" is required");
        }
        byte[] bytes = part.get().body().readNBytes(max + 1);
        if (bytes.length > max) {
            throw RpcException.badRequest(what + " is larger than " + max + " bytes");
        }
        return bytes;
    }

    private static Map<String, Object> entry(String name, PeerId id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", name);
        m.put("Id", new IpnsName(id).toString());
        return m;
    }
}
